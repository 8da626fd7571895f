namespace Release.DevServer.Grpc;

/// <summary>Binds <see cref="WorkflowServiceApi"/> as <c>temporal.api.workflowservice.v1.WorkflowService</c>.</summary>
internal sealed class WorkflowServiceBinder() : DescriptorServiceBinder<WorkflowServiceApi>(
    Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services.Single(s => s.FullName == ServiceName))
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";
}

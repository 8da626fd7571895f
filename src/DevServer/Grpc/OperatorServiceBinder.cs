namespace Release.DevServer.Grpc;

/// <summary>Binds <see cref="OperatorServiceApi"/> as <c>temporal.api.operatorservice.v1.OperatorService</c>.</summary>
internal sealed class OperatorServiceBinder() : DescriptorServiceBinder<OperatorServiceApi>(
    Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services.Single(s => s.FullName == ServiceName))
{
    public const string ServiceName = "temporal.api.operatorservice.v1.OperatorService";
}

using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Grpc;

/// <summary>The activity control RPCs: pause, unpause, reset and options update of a pending activity.</summary>
internal sealed partial class WorkflowServiceApi
{
    public Task<PauseActivityResponse> PauseActivity(PauseActivityRequest request, ServerCallContext context) =>
        Task.FromResult(engine.PauseActivity(request));

    public Task<UnpauseActivityResponse> UnpauseActivity(UnpauseActivityRequest request, ServerCallContext context) =>
        Task.FromResult(engine.UnpauseActivity(request));

    public Task<ResetActivityResponse> ResetActivity(ResetActivityRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ResetActivity(request));

    public Task<UpdateActivityOptionsResponse> UpdateActivityOptions(UpdateActivityOptionsRequest request, ServerCallContext context) =>
        Task.FromResult(engine.UpdateActivityOptions(request));
}

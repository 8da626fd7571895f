using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Grpc;

/// <summary>The schedule RPCs, each a thin translation onto the engine.</summary>
internal sealed partial class WorkflowServiceApi
{
    public Task<CreateScheduleResponse> CreateSchedule(CreateScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(engine.CreateSchedule(request));

    public Task<DescribeScheduleResponse> DescribeSchedule(DescribeScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(engine.DescribeSchedule(request));

    public Task<UpdateScheduleResponse> UpdateSchedule(UpdateScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(engine.UpdateSchedule(request));

    public Task<PatchScheduleResponse> PatchSchedule(PatchScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(engine.PatchSchedule(request));

    public Task<ListScheduleMatchingTimesResponse> ListScheduleMatchingTimes(ListScheduleMatchingTimesRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ListScheduleMatchingTimes(request));

    public Task<DeleteScheduleResponse> DeleteSchedule(DeleteScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(engine.DeleteSchedule(request));

    public Task<ListSchedulesResponse> ListSchedules(ListSchedulesRequest request, ServerCallContext context) =>
        Task.FromResult(engine.ListSchedules(request));

    public Task<CountSchedulesResponse> CountSchedules(CountSchedulesRequest request, ServerCallContext context) =>
        Task.FromResult(engine.CountSchedules(request));
}

using Google.Protobuf;
using Release.DevServer.Engine.Schedules;
using Release.DevServer.Grpc;
using Release.DevServer.Visibility;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// ListSchedules and CountSchedules with the list filter: a schedule is filtered as the real server
/// filters its scheduler workflow, on TemporalSchedulePaused and the schedule's own search attributes.
/// </summary>
internal sealed partial class TemporalEngine
{
    private const int ListActionCount = 5;

    public ListSchedulesResponse ListSchedules(ListSchedulesRequest request) => Step(() =>
    {
        var ns = RequireNamespace(request.Namespace);
        var query = Compile(request.Query, ns);
        if (query.GroupBy is not null)
        {
            throw RpcErrors.InvalidArgument("invalid query: operation is not supported: 'GROUP BY' clause is only supported in count queries");
        }
        var schedules = SchedulesOf(ns.Name).ToDictionary(s => s.ScheduleId, StringComparer.Ordinal);
        try
        {
            var (page, next) = VisibilityPager.Page(schedules.Values.Select(s => ScheduleRecord(s, ns)), query, request.MaximumPageSize, request.NextPageToken.Span);
            var response = new ListSchedulesResponse { NextPageToken = ByteString.CopyFrom(next) };
            response.Schedules.AddRange(page.Select(r => ListEntry(schedules[r.RunId])));
            return response;
        }
        catch (ArgumentException e)
        {
            throw RpcErrors.InvalidArgument(e.Message);
        }
    });

    public CountSchedulesResponse CountSchedules(CountSchedulesRequest request) => Step(() =>
    {
        var ns = RequireNamespace(request.Namespace);
        var query = Compile(request.Query, ns);
        var records = SchedulesOf(ns.Name).Select(s => ScheduleRecord(s, ns));
        var response = new CountSchedulesResponse();
        if (query.GroupBy is null)
        {
            response.Count = records.LongCount(query.Filter);
            return response;
        }
        foreach (var (value, count) in VisibilityPager.CountByGroup(records, query))
        {
            var group = new CountSchedulesResponse.Types.AggregationGroup { Count = count };
            group.GroupValues.Add(SearchAttributeValues.Keyword(value));
            response.Groups.Add(group);
            response.Count += count;
        }
        return response;
    });

    private IEnumerable<ScheduleEntry> SchedulesOf(string ns) => _schedules.Values.Where(s => s.Namespace == ns);

    private static VisibilityRecord ScheduleRecord(ScheduleEntry state, NamespaceEntry ns)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["TemporalSchedulePaused"] = state.Schedule.State.Paused,
            ["TemporalNamespaceDivision"] = "TemporalScheduler",
        };
        foreach (var (name, payload) in state.SearchAttributes?.IndexedFields ?? [])
        {
            if (SearchAttributeCatalog.Resolve(name, ns.SearchAttributes) is { } type && SearchAttributeValues.Decode(payload, type) is { } value)
            {
                attributes[name] = value;
            }
        }
        var created = state.Info.CreateTime.ToDateTimeOffset();
        return new VisibilityRecord
        {
            // Schedule ids are unique in a namespace, so they stand in for the run id that orders and pages records.
            WorkflowId = state.WorkflowId,
            RunId = state.ScheduleId,
            WorkflowType = "temporal-sys-scheduler-workflow",
            TaskQueue = "temporal-sys-per-ns-tq",
            ExecutionStatus = WorkflowExecutionStatus.Running.ToString(),
            StartTime = created,
            ExecutionTime = created,
            Attributes = attributes,
        };
    }

    private static ScheduleListEntry ListEntry(ScheduleEntry state)
    {
        var spec = state.Schedule.Spec.Clone();
        spec.TimezoneData = ByteString.Empty;
        ScheduleSpecCanonicalizer.FillRangeDefaults(spec);
        var info = new ScheduleListInfo
        {
            Spec = spec,
            WorkflowType = state.Schedule.Action?.StartWorkflow?.WorkflowType?.Clone(),
            Notes = state.Schedule.State.Notes,
            Paused = state.Schedule.State.Paused,
        };
        info.RecentActions.AddRange(state.Info.RecentActions.TakeLast(ListActionCount).Select(a => a.Clone()));
        info.FutureActionTimes.AddRange(FutureActionTimes(state, ListActionCount));
        return new ScheduleListEntry
        {
            ScheduleId = state.ScheduleId,
            Memo = state.Memo?.Clone(),
            SearchAttributes = state.SearchAttributes?.Clone(),
            Info = info,
        };
    }
}

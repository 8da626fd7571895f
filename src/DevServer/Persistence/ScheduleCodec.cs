using Release.DevServer.Engine.Schedules;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Schedule.V1;

namespace Release.DevServer.Persistence;

/// <summary>A schedule's persisted state as one blob: the protos as they are, the rest field by field.</summary>
internal static class ScheduleCodec
{
    /// <summary>Bumped when the layout changes; a blob with another version is refused as corrupt.</summary>
    private const byte FormatVersion = 1;

    public static byte[] Write(ScheduleEntry state)
    {
        var w = new SnapshotWriter();
        w.Int(FormatVersion);
        w.String(state.Namespace);
        w.String(state.ScheduleId);
        w.String(state.CreateRequestId);
        w.Message(state.Schedule);
        w.Message(state.Info);
        w.Message(state.Memo);
        w.Message(state.SearchAttributes);
        w.Long(state.ConflictToken);
        w.Time(state.LastProcessedTime);
        w.Int(state.Buffer.Count);
        foreach (var start in state.Buffer)
        {
            w.Time(start.Nominal);
            w.Time(start.Actual);
            w.Int((int)start.OverlapPolicy);
            w.Bool(start.Manual);
        }
        w.Int(state.Backfills.Count);
        foreach (var backfill in state.Backfills)
        {
            w.Message(backfill);
        }
        w.Message(state.LastCompletionResult);
        w.Message(state.ContinuedFailure);
        return w.Written.ToArray();
    }

    public static ScheduleEntry Read(byte[] blob)
    {
        var r = new SnapshotReader(blob);
        if (r.Int() != FormatVersion)
        {
            throw new InvalidDataException("unknown schedule format version");
        }
        var state = new ScheduleEntry
        {
            Namespace = r.String(),
            ScheduleId = r.String(),
            CreateRequestId = r.String(),
            Schedule = r.RequiredMessage(Schedule.Parser),
            Info = r.RequiredMessage(ScheduleInfo.Parser),
            Memo = r.Message(Memo.Parser),
            SearchAttributes = r.Message(SearchAttributes.Parser),
            ConflictToken = r.Long(),
            LastProcessedTime = r.Time(),
        };
        for (var i = r.Int(); i > 0; i--)
        {
            state.Buffer.Add(new BufferedStart(r.Time(), r.Time(), (ScheduleOverlapPolicy)r.Int(), r.Bool()));
        }
        for (var i = r.Int(); i > 0; i--)
        {
            state.Backfills.Add(r.RequiredMessage(BackfillRequest.Parser));
        }
        state.LastCompletionResult = r.Message(Payloads.Parser);
        state.ContinuedFailure = r.Message(Failure.Parser);
        return state;
    }
}

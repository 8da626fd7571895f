using System.Collections;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Engine;
using Release.DevServer.Persistence;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Update.V1;

namespace DevServer.Tests;

/// <summary>
/// The snapshot codec against the engine's state classes, by reflection: a field added to the engine
/// fails these tests until it is either written by the codec or declared transient, and filled in
/// <see cref="SampleRun"/>, which must set every persisted field to a non-default value.
/// </summary>
public sealed class PersistenceCodecTests
{
    private static readonly System.Type[] StateTypes =
    [
        typeof(ExecutionState), typeof(WorkflowTaskInfo), typeof(ActivityInfo), typeof(TimerInfo),
        typeof(ChildInfo), typeof(UpdateInfo), typeof(ParentLink), typeof(NamespaceEntry),
    ];

    [Fact]
    public void EveryStateType_HasAMapping()
    {
        foreach (var type in StateTypes)
        {
            Assert.True(ExecutionCodec.Transient.ContainsKey(type), $"{type.Name} has no entry in ExecutionCodec.Transient");
        }
    }

    [Fact]
    public void EveryPersistedField_IsSetInTheSample()
    {
        var unset = new List<string>();
        CollectUnset(SampleRun(), unset);
        CollectUnset(SampleNamespace(), unset);
        Assert.True(unset.Count == 0,
            "fields left at their default in SampleRun/SampleNamespace (persist them in ExecutionCodec/NamespaceCodec and fill them in the sample, " +
            "or list them in ExecutionCodec.Transient): " + string.Join(", ", unset));
    }

    [Fact]
    public void ExecutionSnapshot_RoundTripsEveryPersistedField()
    {
        var run = SampleRun();
        var writer = new SnapshotWriter();
        ExecutionCodec.Write(writer, run);
        var events = ExecutionCodec.WriteEvents(run.History, 0);
        var history = new List<HistoryEvent>();
        ExecutionCodec.ReadEvents(events, history);

        var copy = ExecutionCodec.Read(writer.Written.ToArray(), history);

        AssertSame(run, copy, nameof(ExecutionState));
        Assert.Equal(run.History, copy.History);
    }

    [Fact]
    public void NamespaceRecord_RoundTripsIdAndSearchAttributes()
    {
        var ns = SampleNamespace();
        var writer = new SnapshotWriter();
        NamespaceCodec.Write(writer, ns);

        var copy = NamespaceCodec.Read(writer.Written.ToArray());

        AssertSame(ns, copy, nameof(NamespaceEntry));
    }

    [Fact]
    public void UnknownSnapshotFormat_IsRefused()
    {
        var writer = new SnapshotWriter();
        ExecutionCodec.Write(writer, SampleRun());
        var bytes = writer.Written.ToArray();
        bytes[0] = 99;
        Assert.Throws<InvalidDataException>(() => ExecutionCodec.Read(bytes, []));
    }

    [Fact]
    public void FormatOneSnapshot_OfThePreviousBuild_IsReadWithoutPauseOrPriority()
    {
        var run = SampleRun();
        var writer = new SnapshotWriter();
        ExecutionCodec.Write(writer, run, version: 1);

        var copy = ExecutionCodec.Read(writer.Written.ToArray(), []);

        Assert.Equal(run.Activities.Keys, copy.Activities.Keys);
        var (original, read) = (run.Activities.Values.First(), copy.Activities.Values.First());
        Assert.Equal((original.ActivityId, original.Attempt, original.CancelRequested), (read.ActivityId, read.Attempt, read.CancelRequested));
        Assert.NotNull(original.Pause);
        Assert.Null(read.Pause);
        Assert.Null(read.Priority);
        Assert.Equal(run.Timers.Keys, copy.Timers.Keys);
    }

    internal static NamespaceEntry SampleNamespace()
    {
        var ns = new NamespaceEntry("releases", Guid.NewGuid().ToString()) { Retention = TimeSpan.FromHours(3) };
        ns.SearchAttributes["Team"] = IndexedValueType.Keyword;
        ns.SearchAttributes["Build"] = IndexedValueType.Int;
        return ns;
    }

    /// <summary>A run with every persisted field set to something other than its default.</summary>
    internal static ExecutionState SampleRun(string workflowId = "sample")
    {
        var t0 = new DateTimeOffset(2026, 11, 24, 1, 2, 3, TimeSpan.Zero);
        var payloads = new Payloads { Payloads_ = { new Payload { Data = ByteString.CopyFromUtf8("\"x\"") } } };
        var run = new ExecutionState
        {
            Namespace = "default",
            WorkflowId = workflowId,
            RunId = Guid.NewGuid().ToString(),
            FirstRunId = "first",
            WorkflowType = "Sample",
            TaskQueue = "tq",
            StartRequestId = "req",
            StartTime = t0,
            ExecutionTime = t0.AddSeconds(1),
            CloseTime = t0.AddHours(1),
            Status = WorkflowExecutionStatus.Running,
            WorkflowTaskTimeout = TimeSpan.FromSeconds(10),
            RunTimeout = TimeSpan.FromHours(2),
            ExecutionTimeout = TimeSpan.FromHours(3),
            Memo = new Memo { Fields = { ["note"] = payloads.Payloads_[0] } },
            SearchAttributes = new SearchAttributes { IndexedFields = { ["Team"] = payloads.Payloads_[0] } },
            Parent = new ParentLink("default", "parent", "parent-run", 5),
            WorkflowTask = new WorkflowTaskInfo
            {
                Kind = WorkflowTaskKind.Speculative,
                Attempt = 2,
                ScheduledTime = t0.AddSeconds(2),
                ScheduledEventId = 3,
                StartedEventId = 4,
                StartedTime = t0.AddSeconds(3),
                Identity = "worker",
                Serial = 42,
            },
            LastCompletedWorkflowTaskStartedEventId = 7,
            CancelRequested = true,
            WorkflowTaskBackoffUntil = t0.AddMinutes(5),
        };
        run.WorkflowTask.SentUpdateIds.Add("u1");
        run.Append(ExecutionState.NewEvent(EventType.WorkflowExecutionStarted, t0));
        run.History[0].WorkflowExecutionStartedEventAttributes = new() { WorkflowType = new() { Name = "Sample" } };
        run.Append(ExecutionState.NewEvent(EventType.WorkflowTaskScheduled, t0));
        run.BufferedEvents.Add(ExecutionState.NewEvent(EventType.WorkflowExecutionSignaled, t0));
        run.Activities[5] = new ActivityInfo
        {
            ScheduledEventId = 5,
            ActivityId = "1",
            ActivityType = "Greet",
            TaskQueue = "tq",
            FirstScheduledTime = t0,
            ScheduleToCloseTimeout = TimeSpan.FromMinutes(10),
            ScheduleToStartTimeout = TimeSpan.FromMinutes(9),
            StartToCloseTimeout = TimeSpan.FromMinutes(1),
            HeartbeatTimeout = TimeSpan.FromSeconds(20),
            RetryPolicy = new RetryPolicy { InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), MaximumAttempts = 5 },
            Header = new Header { Fields = { ["h"] = payloads.Payloads_[0] } },
            Input = payloads,
            State = ActivityRunState.Started,
            Attempt = 3,
            CurrentAttemptScheduledTime = t0.AddSeconds(30),
            Dispatchable = true,
            StartedTime = t0.AddSeconds(31),
            LastHeartbeatTime = t0.AddSeconds(32),
            HeartbeatDetails = payloads,
            LastFailure = new Failure { Message = "boom" },
            LastWorkerIdentity = "worker",
            CancelRequested = true,
            CancelRequestedEventId = 9,
            Priority = new Priority { PriorityKey = 2, FairnessKey = "tenant", FairnessWeight = 1.5f },
            Stamp = 4,
            Pause = new ActivityPause(t0.AddSeconds(33), "operator", "investigating", "req-1"),
            ResetRequested = true,
            ResetHeartbeatsOnRetry = true,
            LastAttemptCompleteTime = t0.AddSeconds(29),
        };
        run.Timers["t1"] = new TimerInfo("t1", 6, t0.AddMinutes(1));
        run.Children[8] = new ChildInfo
        {
            InitiatedEventId = 8,
            Namespace = "default",
            WorkflowId = "child",
            WorkflowType = "Child",
            ParentClosePolicy = ParentClosePolicy.Abandon,
            RunId = "child-run",
            StartedEventId = 10,
        };
        run.Updates["u1"] = new UpdateInfo
        {
            UpdateId = "u1",
            Request = new Request { Meta = new() { UpdateId = "u1" }, Input = new() { Name = "AddAndCount" } },
            Stage = UpdateStage.Accepted,
            Outcome = new Outcome { Success = payloads },
            AcceptedEventId = 11,
            Aborted = true,
        };
        run.SeenRequestIds.Add("req");
        return run;
    }

    private static void CollectUnset(object state, List<string> unset)
    {
        var type = state.GetType();
        foreach (var property in PersistedProperties(type))
        {
            var value = property.GetValue(state);
            var name = $"{type.Name}.{property.Name}";
            switch (value)
            {
                case null:
                case bool b when !b:
                case ICollection { Count: 0 }:
                case IEnumerable<string> strings when !strings.Any():
                case string s when s.Length == 0:
                case System.Enum e when Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture) == 0:
                    unset.Add(name);
                    break;
                case var v when v.GetType().IsValueType && v.Equals(Activator.CreateInstance(v.GetType())):
                    unset.Add(name);
                    break;
                case IDictionary dictionary:
                    foreach (var item in dictionary.Values)
                    {
                        CollectUnsetIfState(item, unset);
                    }
                    break;
                default:
                    CollectUnsetIfState(value, unset);
                    break;
            }
        }
    }

    private static void CollectUnsetIfState(object? value, List<string> unset)
    {
        if (value is not null && StateTypes.Contains(value.GetType()))
        {
            CollectUnset(value, unset);
        }
    }

    /// <summary>Properties that hold state (have a backing field) and are not declared transient.</summary>
    private static IEnumerable<PropertyInfo> PersistedProperties(System.Type type)
    {
        var transient = ExecutionCodec.Transient[type];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => type.GetField($"<{p.Name}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance) is not null)
            .Where(p => !transient.Contains(p.Name))
            .Where(p => p.Name != "EqualityContract");
    }

    private static void AssertSame(object expected, object actual, string path)
    {
        foreach (var property in PersistedProperties(expected.GetType()))
        {
            AssertValueSame(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    private static void AssertValueSame(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: one side is null");
            return;
        }
        if (StateTypes.Contains(expected.GetType()))
        {
            AssertSame(expected, actual, path);
            return;
        }
        switch (expected)
        {
            case string or IMessage or System.ValueType or ActivityPause:
                Assert.True(expected.Equals(actual), $"{path}: {expected} != {actual}");
                break;
            case IDictionary dictionary:
                var other = (IDictionary)actual;
                Assert.True(dictionary.Count == other.Count, $"{path}: {dictionary.Count} entries != {other.Count}");
                foreach (DictionaryEntry entry in dictionary)
                {
                    Assert.True(other.Contains(entry.Key), $"{path}: key {entry.Key} missing");
                    AssertValueSame(entry.Value, other[entry.Key], $"{path}[{entry.Key}]");
                }
                break;
            case IEnumerable sequence:
                var left = sequence.Cast<object>().ToList();
                var right = ((IEnumerable)actual).Cast<object>().ToList();
                Assert.True(left.Count == right.Count, $"{path}: {left.Count} items != {right.Count}");
                for (var i = 0; i < left.Count; i++)
                {
                    AssertValueSame(left[i], right[i], $"{path}[{i}]");
                }
                break;
            default:
                Assert.Fail($"{path}: no comparison for {expected.GetType().Name}");
                break;
        }
    }
}

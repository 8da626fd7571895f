using Release.DevServer.Persistence;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// The server's state machine: executions, their histories and the tasks they hand to workers.
/// One lock guards all state. That keeps the semantics simple to reason about (every RPC is one
/// atomic step, as a history shard is in the real server) and is fast enough: the work done under
/// the lock is small next to the gRPC and serialization work done outside it.
/// </summary>
internal sealed partial class TemporalEngine : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly DueTimeScheduler _scheduler;
    private readonly TaskQueues _queues = new();
    private readonly Dictionary<string, NamespaceEntry> _namespaces = new(StringComparer.Ordinal);
    // Tracked, so that with a database the engine learns which runs each step touched (see ExecutionJournal).
    private readonly TrackedTable<(string Namespace, string WorkflowId), List<ExecutionState>> _chains = new();
    private readonly TrackedTable<ExecutionKey, ExecutionState> _runs = new();
    private readonly Queue<Action> _afterStep = new();
    private long _nextWorkflowTaskSerial;
    private ExecutionJournal? _journal;
    private int _stepDepth;

    /// <summary>Marks a buffered event's reference to an event id that is assigned when the buffer is flushed.</summary>
    private const long Unassigned = -1;

    public TemporalEngine(EngineOptions options, TimeProvider? time = null)
    {
        Options = options;
        _time = time ?? TimeProvider.System;
        _scheduler = new DueTimeScheduler(_time, e => options.OnError?.Invoke(e));
        if (options.Store is { } store)
        {
            _journal = new ExecutionJournal(store, options.VerifyPersistenceEachStep);
            _runs.Observer = _journal;
            _chains.Observer = _journal;
        }
        try
        {
            if (_journal is not null)
            {
                LoadStoredState(_journal);
            }
            foreach (var ns in options.Namespaces.Prepend("default").Distinct(StringComparer.Ordinal))
            {
                if (!_namespaces.ContainsKey(ns))
                {
                    _namespaces[ns] = new NamespaceEntry(ns, Guid.NewGuid().ToString());
                }
            }
            if (_journal is not null)
            {
                ResumeStoredRuns();
                ResumeRetention();
                ResumeSchedules(options.Store!);
            }
        }
        catch
        {
            // A database that cannot be loaded fails the start; its file and lock are released at once.
            _journal?.Dispose();
            _scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public EngineOptions Options { get; }

    private DateTimeOffset Now => _time.GetUtcNow();

    public async ValueTask DisposeAsync()
    {
        await _scheduler.DisposeAsync();
        lock (_gate)
        {
            _journal?.Dispose();
            _journal = null;
        }
    }

    /// <summary>
    /// Runs one atomic step under the lock, then the work it deferred (starting children, delivering
    /// signals to other workflows), which the real server also does after the step is committed.
    /// With a database, what the step changed is committed before the step returns, so before any
    /// caller is answered.
    /// </summary>
    private T Step<T>(Func<T> step)
    {
        lock (_gate)
        {
            _stepDepth++;
            try
            {
                var result = step();
                while (_afterStep.TryDequeue(out var deferred))
                {
                    deferred();
                }
                return result;
            }
            finally
            {
                if (--_stepDepth == 0)
                {
                    CommitSchedules();
                    _journal?.Commit(_namespaces, _nextWorkflowTaskSerial);
                }
            }
        }
    }

    private void Step(Action step) => Step(() => { step(); return 0; });

    private void AfterStep(Action action) => _afterStep.Enqueue(action);

    /// <summary>Schedules a callback that runs as its own step at a due time.</summary>
    /// <remarks>
    /// With a database, the runs this step touched are touched again when the callback runs: a
    /// callback changes the run it was scheduled for without looking it up.
    /// </remarks>
    private void At(DateTimeOffset dueTime, Action callback)
    {
        if (_journal is null)
        {
            _scheduler.At(dueTime, () => Step(callback));
            return;
        }
        var touched = _journal.Touched.ToArray();
        _scheduler.At(dueTime, () => Step(() =>
        {
            foreach (var run in touched)
            {
                _journal?.Touch(run);
            }
            callback();
        }));
    }

    private NamespaceEntry RequireNamespace(string ns) =>
        _namespaces.TryGetValue(string.IsNullOrEmpty(ns) ? "default" : ns, out var state)
            ? state
            : throw Grpc.RpcErrors.NamespaceNotFound(ns);

    private ExecutionState? FindRun(string ns, string workflowId, string? runId)
    {
        if (!string.IsNullOrEmpty(runId))
        {
            return _runs.GetValueOrDefault(new ExecutionKey(ns, workflowId, runId));
        }
        return _chains.TryGetValue((ns, workflowId), out var chain) ? chain[^1] : null;
    }

    private ExecutionState RequireRun(string ns, Temporalio.Api.Common.V1.WorkflowExecution? execution)
    {
        RequireNamespace(ns);
        if (execution is null || string.IsNullOrEmpty(execution.WorkflowId))
        {
            throw Grpc.RpcErrors.InvalidArgument("WorkflowId is not set on request.");
        }
        return FindRun(ns, execution.WorkflowId, execution.RunId)
            ?? throw Grpc.RpcErrors.NotFound(
                $"workflow not found for ID: {execution.WorkflowId}");
    }

    private ExecutionState RequireRunningRun(string ns, Temporalio.Api.Common.V1.WorkflowExecution? execution)
    {
        var run = RequireRun(ns, execution);
        return run.IsRunning ? run : throw Grpc.RpcErrors.WorkflowCompleted();
    }

    /// <summary>
    /// Adds an event that needs the workflow's attention: buffered while a workflow task runs
    /// (design rule 6), written at once otherwise, and a workflow task is scheduled for it.
    /// </summary>
    private void AddEvent(ExecutionState run, params HistoryEvent[] events)
    {
        if (!run.IsRunning)
        {
            return;
        }
        if (run.WorkflowTask is { IsStarted: true })
        {
            run.BufferedEvents.AddRange(events);
        }
        else
        {
            foreach (var historyEvent in events)
            {
                run.Append(historyEvent);
            }
            if (run.WorkflowTask is { Kind: WorkflowTaskKind.Speculative } speculative)
            {
                // A real event now needs this task: it can no longer vanish without a trace.
                WriteScheduledEvent(run, speculative);
            }
            else if (run.WorkflowTask is { Kind: WorkflowTaskKind.Transient })
            {
                // New events end a failing task's retry series: a fresh task carries them at once.
                run.WorkflowTask = null;
            }
        }
        ScheduleWorkflowTask(run);
    }

    private HistoryEvent NewEvent(EventType type) => ExecutionState.NewEvent(type, Now);
}

internal sealed record NamespaceEntry(string Name, string Id)
{
    /// <summary>Closed runs are deleted this long after they close; null uses the server's retention.</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>Custom search attributes registered through the OperatorService, by name.</summary>
    public Dictionary<string, Temporalio.Api.Enums.V1.IndexedValueType> SearchAttributes { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Settings of the engine; the host maps command-line flags onto them.</summary>
public sealed class EngineOptions
{
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>How long a poll waits for a task before answering "no work" (the real server: about 60 s).</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a history long poll or a waiting update call waits before answering.</summary>
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The real server's limits on payloads, history, pending work and names.</summary>
    public ServerLimits Limits { get; init; } = new();

    /// <summary>Where warnings go (a payload or history past its warning level).</summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>Retention of closed runs in namespaces registered without one (the real dev server's: 24 hours).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);

    public Action<Exception>? OnError { get; init; }

    /// <summary>The database to load from and write every step to; null keeps all state in memory.</summary>
    internal SqliteExecutionStore? Store { get; init; }

    /// <summary>For tests: after each step, check that every changed run was written (slow: encodes all runs).</summary>
    internal bool VerifyPersistenceEachStep { get; init; }
}

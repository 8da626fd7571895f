namespace Release.DevServer.Engine;

internal enum TaskKind { Workflow, Activity }

/// <summary>A reference to work waiting in a task queue; checked against the execution when taken.</summary>
internal sealed record QueuedTask(
    ExecutionKey Execution, long EventId = 0, int Attempt = 0, string QueryId = "", int Stamp = 0,
    int PriorityKey = TemporalEngine.DefaultPriorityKey);

/// <summary>
/// Matching: ready tasks and waiting pollers per (namespace, queue, kind). Guarded by the engine's
/// lock; a poller is only woken here and takes its task under the lock itself, so a task never
/// goes to a poller that has already gone away.
/// </summary>
internal sealed class TaskQueues
{
    private readonly Dictionary<(string Namespace, string Queue, TaskKind Kind), Queue> _queues = [];

    public void Add(string ns, string queue, TaskKind kind, QueuedTask task)
    {
        var q = Get(ns, queue, kind);
        q.Ready.Enqueue(task);
        while (q.Pollers.Count > 0)
        {
            if (q.Pollers.Dequeue().TrySetResult())
            {
                break;
            }
        }
    }

    public bool TryTake(string ns, string queue, TaskKind kind, out QueuedTask task) =>
        Get(ns, queue, kind).Ready.TryDequeue(out task!);

    public Task WaitForWork(string ns, string queue, TaskKind kind)
    {
        var signal = ExecutionState.NewSignal();
        Get(ns, queue, kind).Pollers.Enqueue(signal);
        return signal.Task;
    }

    /// <summary>A poller that stops waiting leaves; a task handed to it just now must go to another.</summary>
    public void Abandon(string ns, string queue, TaskKind kind, Task wait)
    {
        var q = Get(ns, queue, kind);
        var remaining = q.Pollers.Where(p => p.Task != wait).ToList();
        q.Pollers.Clear();
        foreach (var poller in remaining)
        {
            q.Pollers.Enqueue(poller);
        }
        while (q.Ready.Count > 0 && q.Pollers.Count > 0 && !q.Pollers.Dequeue().TrySetResult())
        {
        }
    }

    public int Backlog(string ns, string queue, TaskKind kind) => Get(ns, queue, kind).Ready.Count;

    private Queue Get(string ns, string queue, TaskKind kind)
    {
        if (!_queues.TryGetValue((ns, queue, kind), out var q))
        {
            q = new Queue();
            _queues[(ns, queue, kind)] = q;
        }
        return q;
    }

    private sealed class Queue
    {
        public TaskBacklog Ready { get; } = new();
        public Queue<TaskCompletionSource> Pollers { get; } = new();
    }
}

/// <summary>Ready tasks of one queue: lower priority keys first, in arrival order within a key.</summary>
internal sealed class TaskBacklog
{
    private readonly SortedDictionary<int, Queue<QueuedTask>> _byPriority = [];

    public int Count { get; private set; }

    public void Enqueue(QueuedTask task)
    {
        if (!_byPriority.TryGetValue(task.PriorityKey, out var queue))
        {
            queue = new Queue<QueuedTask>();
            _byPriority[task.PriorityKey] = queue;
        }
        queue.Enqueue(task);
        Count++;
    }

    public bool TryDequeue(out QueuedTask task)
    {
        foreach (var (key, queue) in _byPriority)
        {
            task = queue.Dequeue();
            if (queue.Count == 0)
            {
                _byPriority.Remove(key);
            }
            Count--;
            return true;
        }
        task = null!;
        return false;
    }
}

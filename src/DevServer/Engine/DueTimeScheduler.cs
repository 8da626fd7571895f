namespace Release.DevServer.Engine;

/// <summary>
/// Runs callbacks at due times (timers, timeouts, retry backoffs) from one timer that is always
/// armed for the earliest entry. A callback re-checks the execution state it is about, so entries
/// made stale by later events are harmless.
/// </summary>
internal sealed class DueTimeScheduler : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly PriorityQueue<Action, DateTimeOffset> _due = new();
    private readonly Lock _gate = new();
    private readonly Action<Exception> _onError;
    private readonly ITimer _timer;
    private DateTimeOffset _armedFor = DateTimeOffset.MaxValue;
    private bool _disposed;
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    public DueTimeScheduler(TimeProvider time, Action<Exception> onError)
    {
        _time = time;
        _onError = onError;
        _timer = time.CreateTimer(_ => RunDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void At(DateTimeOffset dueTime, Action callback)
    {
        lock (_gate)
        {
            _due.Enqueue(callback, dueTime);
            if (dueTime < _armedFor)
            {
                Arm(dueTime);
            }
        }
    }

    private void Arm(DateTimeOffset dueTime)
    {
        if (_disposed)
        {
            return;
        }
        _armedFor = dueTime;
        // Whole milliseconds, rounded up: a shorter timer fires early and would spin. At most a day
        // (a timer cannot wait past ~49 days, and retention can): an early wake finds nothing due and re-arms.
        var delay = Math.Min(MaxTimerDelay.TotalMilliseconds, Math.Max(0, Math.Ceiling((dueTime - _time.GetUtcNow()).TotalMilliseconds)));
        _timer.Change(TimeSpan.FromMilliseconds(delay), Timeout.InfiniteTimeSpan);
    }

    private void RunDue()
    {
        var ready = new List<Action>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_due.TryPeek(out _, out var dueTime) && dueTime <= now)
            {
                ready.Add(_due.Dequeue());
            }
            _armedFor = DateTimeOffset.MaxValue;
            if (_due.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }
        foreach (var callback in ready)
        {
            try
            {
                callback();
            }
            catch (Exception e)
            {
                _onError(e);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        return _timer.DisposeAsync();
    }
}

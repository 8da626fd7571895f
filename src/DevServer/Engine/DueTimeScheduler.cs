namespace Release.DevServer.Engine;

/// <summary>
/// Runs callbacks at due times (timers, timeouts, retry backoffs) on one background loop. A callback
/// re-checks the execution state it is about, so entries made stale by later events are harmless.
/// </summary>
internal sealed class DueTimeScheduler : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly PriorityQueue<Action, DateTimeOffset> _due = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<Exception> _onError;
    private TaskCompletionSource _wake = ExecutionState.NewSignal();
    private Task? _loop;

    public DueTimeScheduler(TimeProvider time, Action<Exception> onError)
    {
        _time = time;
        _onError = onError;
    }

    public void Start() => _loop = Task.Run(RunAsync);

    public void At(DateTimeOffset dueTime, Action callback)
    {
        lock (_gate)
        {
            var wakeNeeded = !_due.TryPeek(out _, out var earliest) || dueTime < earliest;
            _due.Enqueue(callback, dueTime);
            if (wakeNeeded)
            {
                _wake.TrySetResult();
            }
        }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Task wake;
            TimeSpan wait;
            var ready = new List<Action>();
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                while (_due.TryPeek(out var callback, out var dueTime) && dueTime <= now)
                {
                    ready.Add(_due.Dequeue());
                }
                wait = _due.TryPeek(out _, out var next) ? next - now : TimeSpan.FromMinutes(1);
                _wake = ExecutionState.NewSignal();
                wake = _wake.Task;
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
            if (ready.Count > 0)
            {
                continue;
            }
            // The delay is cancelled when woken early, so waits never pile up under load.
            using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var delay = Task.Delay(wait, _time, waitCancel.Token);
            await Task.WhenAny(wake, delay);
            await waitCancel.CancelAsync();
            await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stop.Dispose();
    }
}

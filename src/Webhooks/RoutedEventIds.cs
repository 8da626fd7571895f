namespace Release.Webhooks;

/// <summary>
/// The event ids already routed, and the routings in flight. An id counts as seen only once its
/// routing succeeded, so a delivery that failed (Temporal down) is routed when CircleCI redelivers
/// it; a delivery arriving while the same id is being routed waits for that routing instead of
/// routing again. Bounded: the oldest ids are forgotten past the capacity.
/// </summary>
internal sealed class RoutedEventIds(int capacity = 10_000)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> routed = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Dictionary<string, Task<int>> inFlight = new(StringComparer.Ordinal);

    /// <summary>Routes the event unless its id was routed or is being routed.</summary>
    /// <returns>How many workflows were signalled, or null for a duplicate of a routed event.</returns>
    /// <exception cref="Exception">Whatever the routing threw, for this delivery and those that waited on it.</exception>
    public async Task<int?> RouteOnceAsync(string id, Func<Task<int>> route)
    {
        TaskCompletionSource<int>? mine = null;
        Task<int>? running;
        lock (gate)
        {
            if (routed.Contains(id))
            {
                return null;
            }

            if (!inFlight.TryGetValue(id, out running))
            {
                mine = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                inFlight[id] = mine.Task;
            }
        }

        if (mine is null)
        {
            await running!;
            return null;
        }

        try
        {
            var signalled = await route();
            lock (gate)
            {
                inFlight.Remove(id);
                Remember(id);
            }

            mine.SetResult(signalled);
            return signalled;
        }
        catch (Exception e)
        {
            lock (gate)
            {
                inFlight.Remove(id);
            }

            mine.SetException(e);
            // Observed here, so a failure nobody waited for is not reported as unobserved.
            _ = mine.Task.Exception;
            throw;
        }
    }

    private void Remember(string id)
    {
        if (!routed.Add(id))
        {
            return;
        }

        order.Enqueue(id);
        if (order.Count > capacity)
        {
            routed.Remove(order.Dequeue());
        }
    }
}

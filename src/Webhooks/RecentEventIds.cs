namespace Release.Webhooks;

/// <summary>The last few thousand event ids, to drop repeated deliveries; bounded so it never grows.</summary>
internal sealed class RecentEventIds(int capacity = 10_000)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <returns>True the first time an id is seen.</returns>
    public bool Add(string id)
    {
        lock (gate)
        {
            if (!ids.Add(id))
            {
                return false;
            }

            order.Enqueue(id);
            if (order.Count > capacity)
            {
                ids.Remove(order.Dequeue());
            }

            return true;
        }
    }
}

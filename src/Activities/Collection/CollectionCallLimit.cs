namespace Release.Activities.Collection;

/// <summary>
/// How many CircleCI calls the collection makes at once on this worker, shared by every activity
/// (they are created per call): a collection never starves the releases' own calls.
/// </summary>
public sealed class CollectionCallLimit(int callsInFlight)
{
    public const int Default = 8;

    public SemaphoreSlim Calls { get; } = new(Math.Max(1, callsInFlight), Math.Max(1, callsInFlight));
}

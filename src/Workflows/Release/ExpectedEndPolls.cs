namespace Release.Workflows.Release;

/// <summary>
/// A polling-only watch with an expected duration: one poll halfway to p50 (none when that is
/// within an interval), one at p50, then the normal interval until p95, and after p95 the normal
/// backoff. A pipeline that ends as usual costs the first read (which catches a setup error),
/// the halfway read and the p50 read; one past p50 is seen within an interval, as without history.
/// </summary>
internal static class ExpectedEndPolls
{
    /// <param name="elapsed">Since the pipeline was triggered.</param>
    /// <param name="interval">The watch's initial (normal) interval.</param>
    /// <returns>The wait before the next read; null past p95, where the normal backoff takes over.</returns>
    public static TimeSpan? Wait(ExpectedDuration expected, TimeSpan elapsed, TimeSpan interval)
    {
        if (elapsed >= expected.P95 && elapsed >= expected.P50)
        {
            return null;
        }

        if (elapsed >= expected.P50)
        {
            return interval;
        }

        var toHalf = (expected.P50 / 2) - elapsed;
        return toHalf >= interval ? toHalf : expected.P50 - elapsed;
    }
}

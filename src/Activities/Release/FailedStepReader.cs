using Release.Activities.CircleCi;
using Release.Workflows.Release.Reports;

namespace Release.Activities.Release;

/// <summary>A failed job of a stage, by its project and number (numbers are per project).</summary>
internal sealed record FailedJobRef(string ProjectSlug, long Number);

/// <summary>
/// Reads the failing step of a stage's failed jobs (CircleCI API v1.1), a few at a time, for the
/// stage report. Each read is worth having, never worth failing or delaying the snapshot for: a
/// refusal or an error leaves that job with the reason (see <see cref="CircleCiFailures.StepUnavailable"/>),
/// a retryable error is tried only <see cref="ReadAttempts"/> times, and all the reads together
/// get <see cref="MaxReadTime"/>.
/// </summary>
internal sealed class FailedStepReader(CircleCiClient client, CancellationToken cancellationToken)
{
    private const int ReadAttempts = 3;
    private const int Concurrency = 4;
    private static readonly TimeSpan ReadRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Beyond this the snapshot's heartbeat timeout is safe, but a report waits too long for extras.</summary>
    internal static readonly TimeSpan MaxReadTime = TimeSpan.FromSeconds(60);

    /// <param name="jobs">In the order they deserve a read: only the first <see cref="FailedStepBounds.MaxStepsPerSnapshot"/> are read.</param>
    /// <returns>The failed step of each job read that has one.</returns>
    public async Task<IReadOnlyDictionary<FailedJobRef, FailedStepReport>> ReadAsync(IEnumerable<FailedJobRef> jobs)
    {
        var picked = jobs.Distinct().Take(FailedStepBounds.MaxStepsPerSnapshot).ToList();
        if (picked.Count == 0)
        {
            return new Dictionary<FailedJobRef, FailedStepReport>();
        }

        using var gate = new SemaphoreSlim(Concurrency);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MaxReadTime);
        var read = await Task.WhenAll(picked.Select(async job =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return (job, Step: await ReadOneAsync(job, deadline.Token));
            }
            finally
            {
                gate.Release();
            }
        }));
        return read.Where(r => r.Step is not null).ToDictionary(r => r.job, r => r.Step!);
    }

    private async Task<FailedStepReport?> ReadOneAsync(FailedJobRef job, CancellationToken token)
    {
        try
        {
            var step = await WithRetriesAsync(() => client.GetFailedStepAsync(job.ProjectSlug, job.Number, FailedStepBounds.MaxLines, token), token);
            return step is null ? null : FailedStepBounds.Report(step);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FailedStepBounds.Unavailable($"CircleCI's step output did not arrive within {MaxReadTime.TotalSeconds:0} s");
        }
        catch (Exception e) when (CircleCiFailures.StepUnavailable(e, job.ProjectSlug) is { } why)
        {
            return FailedStepBounds.Unavailable(why);
        }
    }

    private static async Task<T> WithRetriesAsync<T>(Func<Task<T>> read, CancellationToken token)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (CircleCiRetryableException e) when (attempt < ReadAttempts)
            {
                await Task.Delay(e.RetryAfter is { } wait && wait < MaxReadTime ? wait : ReadRetryDelay * attempt, token);
            }
        }
    }
}

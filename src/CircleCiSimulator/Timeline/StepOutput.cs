using System.Globalization;

namespace Release.CircleCiSimulator;

/// <summary>One chunk of a step's output, as CircleCI's output URLs serve them.</summary>
internal sealed record OutputChunk(string Message, DateTimeOffset Time, string Type);

/// <summary>
/// The text a step printed. A failing step ends with a few hundred lines, among them one that
/// looks like a leaked secret (an exported CIRCLECI_TOKEN), so that clients' redaction and
/// tail-keeping can be tested against something realistic.
/// </summary>
internal static class StepOutput
{
    private const int FailingLines = 300;
    private const int LinesPerChunk = 50;

    /// <summary>A fake token, the shape of a CircleCI personal token; never the scenario's real one.</summary>
    public static string FakeToken(PipelineRun run) =>
        $"CCIPAT_{Convert.ToHexStringLower(BitConverter.GetBytes(PlanBuilder.StableSeed(7, run.ProjectSlug, run.Number)))}_sim";

    public static IReadOnlyList<OutputChunk> Of(PipelineRun run, JobView job, StepView step)
    {
        var lines = Lines(run, job, step);
        var end = step.End ?? step.Start;
        var chunks = new List<OutputChunk>();
        for (var at = 0; at < lines.Count; at += LinesPerChunk)
        {
            var part = lines.Skip(at).Take(LinesPerChunk).ToList();
            var time = step.Start + (end - step.Start) * ((double)(at + part.Count) / lines.Count);
            // CircleCI's output carries terminal line endings.
            chunks.Add(new OutputChunk(string.Join("", part.Select(l => l + "\r\n")), time, "out"));
        }

        if (step.ExitCode is { } code and not 0)
        {
            chunks.Add(new OutputChunk($"\r\nExited with code exit status {code}\r\n", end, "err"));
        }

        return chunks;
    }

    private static List<string> Lines(PipelineRun run, JobView job, StepView step) => step.Index switch
    {
        0 => ["Starting container cimg/base:stable", $"  using image cimg/base:stable ({job.Plan.Executor}, {job.Plan.ResourceClass})", "Container started"],
        1 => ["Cloning git repository", $"Checking out {run.Revision} on {run.Branch ?? run.Tag}", "HEAD is now at " + run.Revision[..7]],
        _ when step.ExitCode is null or 0 => Enumerable.Range(1, 10).Select(i => Line(job, i, 10)).Append($"{job.Plan.Name}: done").ToList(),
        _ => Failing(run, job),
    };

    private static List<string> Failing(PipelineRun run, JobView job)
    {
        var lines = Enumerable.Range(1, FailingLines - 8).Select(i => Line(job, i, FailingLines)).ToList();
        lines.Add("Dumping the environment for debugging:");
        lines.Add($"export CIRCLECI_TOKEN={FakeToken(run)}");
        lines.Add("export CIRCLE_BRANCH=" + (run.Branch ?? ""));
        lines.Add($"FAIL {job.Plan.Name}: 1 of {FailingLines - 8} checks failed");
        lines.Add($"  expected: {job.Plan.Name} to pass");
        lines.Add("  actual:   assertion failed at src/release/check.sh:42");
        lines.Add($"error: {job.Plan.Name} failed");
        lines.Add("make: *** [Makefile:12: check] Error 1");
        return lines;
    }

    private static string Line(JobView job, int i, int of) =>
        string.Create(CultureInfo.InvariantCulture, $"[{i,3}/{of}] {job.Plan.Name}: step {i} ok");
}

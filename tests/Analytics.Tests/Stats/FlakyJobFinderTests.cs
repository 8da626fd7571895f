using Release.Analytics.Stats;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Stats;

public sealed class FlakyJobFinderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Find_FailedThenPassedOnTheSameCommit_CountedPerJobWithTheLastOccurrence()
    {
        JobRun[] runs =
        [
            // Commit aaa: test fails, the workflow is rerun in the same pipeline and passes: flaky.
            new("1", "test", "failed", "build", "pl1", "aaa", 0),
            new("2", "test", "success", "build", "pl1", "aaa", 10),
            // Commit bbb: fails in one pipeline, passes in another pipeline of the same revision: flaky.
            new("3", "test", "timedout", "build", "pl2", "bbb", 20),
            new("4", "test", "success", "build", "pl3", "bbb", 30),
            // Commit ccc: passes, then fails: a regression, not a flake.
            new("5", "test", "success", "build", "pl4", "ccc", 40),
            new("6", "test", "failed", "build", "pl4", "ccc", 50),
            // Commit ddd: lint fails twice, never passes.
            new("7", "lint", "failed", "build", "pl5", "ddd", 60),
            new("8", "lint", "failed", "build", "pl5", "ddd", 70),
            // No revision: the pipeline is the commit; compile fails then passes in it.
            new("9", "compile", "failed", "build", "pl6", null, 80),
            new("10", "compile", "success", "build", "pl6", null, 90),
            // Different commits: a fail on eee and a pass on fff are not a rerun.
            new("11", "deploy", "failed", "build", "pl7", "eee", 100),
            new("12", "deploy", "success", "build", "pl8", "fff", 110),
        ];

        var flaky = FlakyJobFinder.Find(runs.Select(r => r.ToStored()));

        Assert.Equal(
            [("test", 2, T0.AddMinutes(30), (string?)"bbb"), ("compile", 1, T0.AddMinutes(90), null)],
            flaky.Select(f => (f.Job, f.Occurrences, f.LastSeen, f.LastRevision)));
        Assert.All(flaky, f => Assert.Equal(("gh/acme/a", "build"), (f.Project, f.Workflow)));
    }

    private sealed record JobRun(string Id, string Name, string Status, string Workflow, string Pipeline, string? Revision, int StartMinute)
    {
        public StoredJobRun ToStored() => new(
            new StoredJob(Id, $"w-{Pipeline}-{Id}", "gh/acme/a", Name, Status, StartedAt: T0.AddMinutes(StartMinute), StoppedAt: T0.AddMinutes(StartMinute + 1)),
            Workflow, Pipeline, Revision);
    }
}

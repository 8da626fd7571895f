using Release.Workflows.Release;

namespace Release.Workflows.Tests.Release;

public sealed class ComponentElapsedTests
{
    private static readonly DateTimeOffset Triggered = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Triggered.AddHours(2);

    [Fact]
    public void ElapsedAt_Finished_IsFixedAtItsEnd()
    {
        var component = new ComponentProgress("a", "succeeded", 1, null, Triggered, Triggered.AddMinutes(7));

        Assert.Equal(TimeSpan.FromMinutes(7), component.ElapsedAt(Now));
        Assert.Equal(TimeSpan.FromMinutes(7), component.ElapsedAt(null));
    }

    [Fact]
    public void ElapsedAt_Running_GrowsWithNowAndIsUnknownWithout()
    {
        var component = new ComponentProgress("a", "running", 1, null, Triggered);

        Assert.Equal(TimeSpan.FromHours(2), component.ElapsedAt(Now));
        Assert.Null(component.ElapsedAt(null));
    }

    [Theory]
    [InlineData("awaiting_decision")]
    [InlineData("reused")]
    [InlineData("pending")]
    public void ElapsedAt_NotRunningAndNoEnd_IsUnknownRatherThanGrowing(string status)
    {
        var component = new ComponentProgress("a", status, 1, null, Triggered);

        Assert.Null(component.ElapsedAt(Now));
    }

    [Fact]
    public void ElapsedAt_NeverTriggered_IsUnknown()
    {
        Assert.Null(new ComponentProgress("a", "skipped", null, null, null, Now).ElapsedAt(Now));
    }

    [Fact]
    public void Markdown_FinishedComponent_ShowsHowLongItRanNotTimeSinceItStarted()
    {
        var progress = new ReleaseProgress(
            "running",
            2,
            [
                new StageProgress(1, "succeeded", [new ComponentProgress("a", "succeeded", 1, null, Triggered, Triggered.AddMinutes(7))], Triggered),
                new StageProgress(2, "running", [new ComponentProgress("b", "running", 2, null, Now.AddSeconds(-30))], Now.AddSeconds(-30)),
            ]);

        var markdown = ReleaseDetails.Markdown("acme 1.0", progress, Now);

        Assert.Contains("| 1 | a | succeeded | 7m00s |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2 | b | running | 30s |", markdown, StringComparison.Ordinal);
    }
}

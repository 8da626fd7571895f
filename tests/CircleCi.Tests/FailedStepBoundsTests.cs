using Release.Activities.CircleCi;
using Release.Activities.Release;

namespace Release.CircleCi.Tests;

/// <summary>What a stage report keeps of a failed step, whatever the client handed over.</summary>
public sealed class FailedStepBoundsTests
{
    [Fact]
    public void Report_LongOutput_KeepsTheLast50LinesEachCutToTheLineLength()
    {
        var lines = Enumerable.Range(1, 80).Select(i => i == 80 ? new string('x', 2000) : $"line {i}").ToList();

        var report = FailedStepBounds.Report(new CircleCiFailedStep { StepName = "Run tests", Status = "failed", ExitCode = 2, OutputTail = lines, OutputCut = true });

        Assert.Equal(50, report.OutputTail.Count);
        Assert.Equal("line 31", report.OutputTail[0]);
        Assert.Equal(FailedStepBounds.MaxLineLength, report.OutputTail[^1].Length);
        Assert.EndsWith("x…", report.OutputTail[^1], StringComparison.Ordinal);
        Assert.Equal(("Run tests", "failed", 2L, true), (report.Name, report.Status, report.ExitCode!.Value, report.OutputCut));
    }

    [Fact]
    public void Report_HugeNameAndReason_AreCut()
    {
        var report = FailedStepBounds.Report(new CircleCiFailedStep { StepName = new string('n', 5000), Status = "failed", OutputUnavailable = new string('r', 5000) });

        Assert.Equal(200, report.Name.Length);
        Assert.Equal(500, report.OutputUnavailable!.Length);
        Assert.Empty(report.OutputTail);
    }

    [Fact]
    public void Cut_AtASurrogatePair_NeverHalvesIt()
    {
        var text = new string('a', 498) + "😀😀";

        var cut = Release.Workflows.Release.TextCut.Cut(text, 500);

        Assert.Equal(new string('a', 498) + "…", cut);
        Assert.Equal(text[..500], Release.Workflows.Release.TextCut.Cut(text[..500], 500));
    }

    [Fact]
    public void Unavailable_HasNoStepNameAndSaysWhy()
    {
        var report = FailedStepBounds.Unavailable("CircleCI GET /project/github/acme/api/7 answered 403 Forbidden.");

        Assert.Equal("", report.Name);
        Assert.Equal(FailedStepBounds.UnknownStatus, report.Status);
        Assert.Null(report.ExitCode);
        Assert.Equal("CircleCI GET /project/github/acme/api/7 answered 403 Forbidden.", report.OutputUnavailable);
    }
}

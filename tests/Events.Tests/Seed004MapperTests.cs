using Release.Workflows.Release.Events;

namespace Release.Events.Tests;

/// <summary>Seed 004's fields: eventId, eventTime and buildUrl on every event, and each type's own.</summary>
public sealed class Seed004MapperTests
{
    private readonly Seed004Mapper mapper = new(SampleTransitions.Source);

    [Fact]
    public void Map_ReleasedComponent_IsAnArtifactCreatedOfItsBranch()
    {
        var json = WireFormat.Encode(mapper.Map(SampleTransitions.Of(TransitionKind.ComponentReleased)).Single());

        WireFormat.AssertCloudEventAttributes(json);
        Assert.Equal("io.openci.ArtifactCreated", json.Text("type"));
        var data = json.GetProperty("data");
        AssertCommonFields(json, SampleTransitions.ApiPipeline);
        Assert.Equal("pkg:generic/api@3.5.0", data.Text("artifactUrl"));
        Assert.Equal("3.5.x", data.Text("projectBranch"));
        Assert.Equal("SUCCESS", data.Text("confidenceLevel.RELEASE"));
    }

    [Fact]
    public void Map_StartedRelease_DefinesTheBaselineOfItsComponentVersions()
    {
        var json = WireFormat.Encode(mapper.Map(SampleTransitions.Of(TransitionKind.ReleaseStarted)).Single());

        WireFormat.AssertCloudEventAttributes(json);
        Assert.Equal("io.openci.BaselineDefined", json.Text("type"));
        var data = json.GetProperty("data");
        AssertCommonFields(json, SampleTransitions.Release.Url);
        Assert.Equal("shop-3.5.0", data.Text("baselineName"));
        Assert.Equal(SampleTransitions.Release.Url, data.Text("baselineUrl"));
        Assert.Equal("api-3.5.x-3.5.0,web-main-3.5.1", data.Text("consistsOf"));
    }

    [Theory]
    [InlineData("succeeded", "SUCCESS")]
    [InlineData("failed", "FAILURE")]
    [InlineData("aborted", "ABORTED")]
    public void Map_FinishedRelease_ModifiesTheBaselinesConfidence(string outcome, string level)
    {
        var finished = ReleaseTransition.Finished(SampleTransitions.Release, SampleTransitions.At, outcome, "why");

        var json = WireFormat.Encode(mapper.Map(finished).Single());

        WireFormat.AssertCloudEventAttributes(json);
        Assert.Equal("io.openci.ConfidenceLevelModified", json.Text("type"));
        var data = json.GetProperty("data");
        AssertCommonFields(json, SampleTransitions.Release.Url);
        Assert.Equal("shop-3.5.0", data.Text("baselineName"));
        Assert.Equal(SampleTransitions.Release.Url, data.Text("baselineUrl"));
        Assert.Equal(level, data.Text("confidenceLevel.RELEASE"));
    }

    [Fact]
    public void Map_DryRunAndTransitionsTheSeedHasNoWordFor_AreNoEvents()
    {
        var dryRun = ReleaseTransition.Finished(SampleTransitions.Release, SampleTransitions.At, "dry_run", "planned only");
        var others = SampleTransitions.All().Where(t => t.Kind is not (TransitionKind.ComponentReleased or TransitionKind.ReleaseStarted or TransitionKind.ReleaseFinished));

        Assert.Empty(mapper.Map(dryRun));
        Assert.All(others, t => Assert.Empty(mapper.Map(t)));
    }

    private static void AssertCommonFields(System.Text.Json.JsonElement json, string buildUrl)
    {
        var data = json.GetProperty("data");
        Assert.Equal(json.Text("id"), data.Text("eventId"));
        Assert.Equal(SampleTransitions.At, DateTimeOffset.Parse(data.Text("eventTime"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(buildUrl, data.Text("buildUrl"));
    }
}

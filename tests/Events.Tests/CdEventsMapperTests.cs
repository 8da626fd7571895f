using System.Text.Json;
using System.Text.RegularExpressions;
using Release.Workflows.Release.Events;

namespace Release.Events.Tests;

/// <summary>Checked against the required fields of the CDEvents v0.4.1 schemas (cdevents/spec, tag v0.4.1).</summary>
public sealed partial class CdEventsMapperTests
{
    private readonly CdEventsMapper mapper = new(SampleTransitions.Source);

    [Theory]
    [MemberData(nameof(SampleTransitions.Kinds), MemberType = typeof(SampleTransitions))]
    public void Map_EveryKind_IsACloudEventCarryingAValidCdEventContext(TransitionKind kind)
    {
        var events = mapper.Map(SampleTransitions.Of(kind));

        Assert.NotEmpty(events);
        foreach (var json in events.Select(WireFormat.Encode))
        {
            WireFormat.AssertCloudEventAttributes(json);
            var data = json.GetProperty("data");
            // The CDEvents CloudEvents binding: the CloudEvent repeats the CDEvent's context.
            Assert.Equal("0.4.1", data.Text("context.version"));
            Assert.Equal(json.Text("id"), data.Text("context.id"));
            Assert.Equal(json.Text("source"), data.Text("context.source"));
            Assert.Equal(json.Text("type"), data.Text("context.type"));
            Assert.Equal(SampleTransitions.At, DateTimeOffset.Parse(data.Text("context.timestamp"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(json.Text("subject"), data.Text("subject.id"));
            Assert.False(string.IsNullOrEmpty(data.Text("subject.type")));
            Assert.Equal(JsonValueKind.Object, data.GetProperty("subject").GetProperty("content").ValueKind);
            Assert.Matches(TypePattern(), json.Text("type"));
        }
    }

    /// <summary>The v0.4.1 schemas forbid properties they do not list (<c>additionalProperties: false</c>).</summary>
    [Theory]
    [InlineData(TransitionKind.ReleaseQueued, "pipelineName,url")]
    [InlineData(TransitionKind.ReleaseStarted, "pipelineName,url")]
    [InlineData(TransitionKind.ReleaseFinished, "pipelineName,url,outcome,errors")]
    [InlineData(TransitionKind.PipelineStarted, "taskName,url,pipelineRun")]
    [InlineData(TransitionKind.PipelineFinished, "taskName,url,pipelineRun,outcome,errors")]
    [InlineData(TransitionKind.ComponentReleased, "change,sbom,user")]
    public void Map_StandardType_CarriesOnlyPropertiesItsSchemaAllows(TransitionKind kind, string allowedContent)
    {
        foreach (var data in mapper.Map(SampleTransitions.Of(kind)).Select(e => WireFormat.Encode(e).GetProperty("data")))
        {
            Assert.Subset(Names("context,subject,customData,customDataContentType"), data.EnumerateObject().Select(p => p.Name).ToHashSet());
            Assert.Subset(Names("version,id,source,type,timestamp,chainId,links,schemaUri"), Keys(data, "context"));
            Assert.Subset(Names("id,source,type,content"), Keys(data, "subject"));
            Assert.Subset(Names(allowedContent), Keys(data.GetProperty("subject"), "content"));
        }
    }

    [Fact]
    public void Map_ReleaseTransitions_ArePipelineRunsOfOneSubject()
    {
        var queued = Single(TransitionKind.ReleaseQueued);
        var started = Single(TransitionKind.ReleaseStarted);
        var finished = Single(TransitionKind.ReleaseFinished);

        Assert.Equal("dev.cdevents.pipelinerun.queued.0.2.0", queued.Text("type"));
        Assert.Equal("dev.cdevents.pipelinerun.started.0.2.0", started.Text("type"));
        Assert.Equal("dev.cdevents.pipelinerun.finished.0.2.0", finished.Text("type"));
        foreach (var json in new[] { queued, started, finished })
        {
            var subject = json.GetProperty("data").GetProperty("subject");
            Assert.Equal("pipelineRun", subject.Text("type"));
            Assert.Equal("release-shop-3.5.0/0b6e7c1a-run-1", subject.Text("id"));
            // Required by pipelinerun.started; set on all three.
            Assert.Equal("shop", subject.Text("content.pipelineName"));
            Assert.Equal(SampleTransitions.Release.Url, subject.Text("content.url"));
        }

        Assert.Equal("success", finished.GetProperty("data").Text("subject.content.outcome"));
        Assert.False(finished.GetProperty("data").Has("subject.content.errors"));
    }

    [Fact]
    public void Map_FailedRelease_IsAFailureWithItsReason()
    {
        var failed = ReleaseTransition.Finished(SampleTransitions.Release, SampleTransitions.At, "failed", "api failed");

        var content = WireFormat.Encode(mapper.Map(failed).Single()).GetProperty("data").GetProperty("subject").GetProperty("content");

        Assert.Equal("failure", content.Text("outcome"));
        Assert.Equal("api failed", content.Text("errors"));
    }

    [Fact]
    public void Map_ComponentPipeline_IsATaskRunLinkedToCircleCiAndToTheRelease()
    {
        var started = Single(TransitionKind.PipelineStarted);
        var finished = Single(TransitionKind.PipelineFinished);

        Assert.Equal("dev.cdevents.taskrun.started.0.2.0", started.Text("type"));
        Assert.Equal("dev.cdevents.taskrun.finished.0.2.0", finished.Text("type"));
        foreach (var json in new[] { started, finished })
        {
            var subject = json.GetProperty("data").GetProperty("subject");
            Assert.Equal("taskRun", subject.Text("type"));
            Assert.Equal("api", subject.Text("content.taskName"));
            Assert.Equal(SampleTransitions.ApiPipeline, subject.Text("content.url"));
            // pipelineRun.id is required whenever pipelineRun is present.
            Assert.Equal("release-shop-3.5.0/0b6e7c1a-run-1", subject.Text("content.pipelineRun.id"));
        }

        var content = finished.GetProperty("data").GetProperty("subject").GetProperty("content");
        Assert.Equal("failure", content.Text("outcome"));
        Assert.Equal("job test failed", content.Text("errors"));
    }

    [Fact]
    public void Map_ReleasedComponent_IsPackagedThenPublishedUnderItsPurl()
    {
        var events = mapper.Map(SampleTransitions.Of(TransitionKind.ComponentReleased)).Select(WireFormat.Encode).ToList();

        Assert.Equal(["dev.cdevents.artifact.packaged.0.2.0", "dev.cdevents.artifact.published.0.2.0"], events.Select(e => e.Text("type")));
        foreach (var json in events)
        {
            Assert.Equal("pkg:generic/api@3.5.0", json.GetProperty("data").Text("subject.id"));
            Assert.Equal("artifact", json.GetProperty("data").Text("subject.type"));
        }

        // artifact.packaged requires content.change with its id.
        Assert.Equal("api@3.5.x", events[0].GetProperty("data").Text("subject.content.change.id"));
        Assert.NotEqual(events[0].Text("id"), events[1].Text("id"));
    }

    [Fact]
    public void ArtifactId_NameWithPurlSeparators_IsPercentEncoded()
    {
        var id = CdEventsMapper.ArtifactId(new ComponentVersion("acme/api", "1.0.0+build@2", "main"));

        Assert.Equal("pkg:generic/acme%2Fapi@1.0.0%2Bbuild%402", id);
    }

    [Theory]
    [InlineData(TransitionKind.Decision, "dev.cdeventsx.release-decision.made.0.1.0", "release-decision", "retry")]
    [InlineData(TransitionKind.Approval, "dev.cdeventsx.release-approval.granted.0.1.0", "release-approval", "approve")]
    [InlineData(TransitionKind.Abort, "dev.cdeventsx.release-run.aborted.0.1.0", "release-run", "abort")]
    [InlineData(TransitionKind.Resume, "dev.cdeventsx.release-run.resumed.0.1.0", "release-run", "resume")]
    public void Map_OperatorAction_IsACustomEventOfTheCdEventsXForm(TransitionKind kind, string type, string subjectType, string action)
    {
        var json = Single(kind);

        Assert.Equal(type, json.Text("type"));
        var subject = json.GetProperty("data").GetProperty("subject");
        // The dev.cdeventsx schema's subject type pattern: <tool>-<subject>.
        Assert.Matches("^[a-zA-Z0-9]+-[a-zA-Z]+$", subject.Text("type"));
        Assert.Equal(subjectType, subject.Text("type"));
        Assert.Equal(action, subject.Text("content.action"));
        Assert.False(string.IsNullOrEmpty(subject.Text("content.by")));
        Assert.Equal("release-shop-3.5.0/0b6e7c1a-run-1", subject.Text("content.pipelineRun.id"));
    }

    [Fact]
    public void Map_TransitionWithoutWhatItsKindNeeds_IsRefusedNamingTheKind()
    {
        var incomplete = new ReleaseTransition(TransitionKind.PipelineStarted, SampleTransitions.Release, SampleTransitions.At);

        var error = Assert.Throws<ArgumentException>(() => mapper.Map(incomplete));

        Assert.Contains("PipelineStarted", error.Message, StringComparison.Ordinal);
    }

    private static HashSet<string> Names(string commaSeparated) => [.. commaSeparated.Split(',')];

    private static HashSet<string> Keys(JsonElement parent, string name) =>
        [.. parent.GetProperty(name).EnumerateObject().Select(p => p.Name)];

    private JsonElement Single(TransitionKind kind) => WireFormat.Encode(mapper.Map(SampleTransitions.Of(kind)).Single());

    /// <summary>CDEvents types (and the custom dev.cdeventsx form) end in a semantic version.</summary>
    [GeneratedRegex(@"^dev\.cdevents(x\.[a-zA-Z0-9]+-[a-zA-Z]+|\.[a-z]+)\.[a-zA-Z]+\.[0-9]+\.[0-9]+\.[0-9]+$")]
    private static partial Regex TypePattern();
}

using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;

namespace Release.Events;

/// <summary>
/// Maps release transitions to seed 004's three event types, as CloudEvents whose data holds the seed's
/// fields (camelCase forms of its keys). Transitions the seed has no word for map to nothing.
/// </summary>
public sealed class Seed004Mapper(Uri source)
{
    public const string ArtifactCreated = "io.openci.ArtifactCreated";
    public const string BaselineDefined = "io.openci.BaselineDefined";
    public const string ConfidenceLevelModified = "io.openci.ConfidenceLevelModified";

    /// <summary>The quality stamp's name, like the seed's <c>AUTORELEASE</c>: passing this orchestrator's release.</summary>
    public const string ConfidenceName = "RELEASE";

    public Uri Source { get; } = source;

    public IReadOnlyList<CloudEvent> Map(ReleaseTransition transition) => transition.Kind switch
    {
        TransitionKind.ComponentReleased => [Artifact(transition)],
        // The release's set of component versions is the candidate baseline the release then tests.
        TransitionKind.ReleaseStarted => [Baseline(transition)],
        // A dry run tested nothing, so no baseline gained or lost confidence.
        TransitionKind.ReleaseFinished when transition.Outcome != StageOutcomes.DryRun => [Confidence(transition)],
        _ => [],
    };

    /// <summary>The baseline a release defines: one per product version.</summary>
    public static string BaselineName(ReleaseIdentity release) => $"{release.Product}-{release.Version}";

    /// <summary>Jenkins result spellings, as the seed suggests.</summary>
    public static string ConfidenceValue(string? outcome) => outcome switch
    {
        StageOutcomes.Succeeded => "SUCCESS",
        StageOutcomes.Aborted => "ABORTED",
        _ => "FAILURE",
    };

    private CloudEvent Artifact(ReleaseTransition t)
    {
        var component = t.Component ?? throw new ArgumentException("A ComponentReleased transition needs its component.", nameof(t));
        var data = Common(t, ArtifactCreated, t.PipelineUrl ?? t.Release.Url);
        data["artifactName"] = component.Name;
        data["artifactVersion"] = component.Version;
        // The orchestrator does not know the component's registry; the purl names the artifact in any of them.
        data["artifactUrl"] = CdEventsMapper.ArtifactId(component);
        data["projectBranch"] = component.Branch;
        data["confidenceLevel"] = new JsonObject { [ConfidenceName] = "SUCCESS" };
        return EventEnvelope.Create(t, Source, ArtifactCreated, data["eventId"]!.GetValue<string>(), CdEventsMapper.ArtifactId(component), data);
    }

    private CloudEvent Baseline(ReleaseTransition t)
    {
        var components = t.Components ?? throw new ArgumentException("A ReleaseStarted transition needs the release's components.", nameof(t));
        var data = Common(t, BaselineDefined, t.Release.Url);
        data["baselineName"] = BaselineName(t.Release);
        data["baselineUrl"] = t.Release.Url;
        // The seed's own spelling: name-branch-version, comma separated.
        data["consistsOf"] = string.Join(',', components.Select(c => $"{c.Name}-{c.Branch}-{c.Version}"));
        return EventEnvelope.Create(t, Source, BaselineDefined, data["eventId"]!.GetValue<string>(), BaselineName(t.Release), data);
    }

    private CloudEvent Confidence(ReleaseTransition t)
    {
        var data = Common(t, ConfidenceLevelModified, t.Release.Url);
        data["baselineName"] = BaselineName(t.Release);
        data["baselineUrl"] = t.Release.Url;
        data["confidenceLevel"] = new JsonObject { [ConfidenceName] = ConfidenceValue(t.Outcome) };
        return EventEnvelope.Create(t, Source, ConfidenceLevelModified, data["eventId"]!.GetValue<string>(), BaselineName(t.Release), data);
    }

    private static JsonObject Common(ReleaseTransition t, string type, string buildUrl) => new()
    {
        ["eventId"] = EventIds.For(t, type),
        ["eventTime"] = EventEnvelope.Timestamp(t.At),
        ["buildUrl"] = buildUrl,
        ["product"] = t.Release.Product,
        ["releaseVersion"] = t.Release.Version,
        ["branch"] = t.Release.Branch,
    };
}

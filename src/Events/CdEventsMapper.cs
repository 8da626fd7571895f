using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Release.Workflows.Release.Events;

namespace Release.Events;

/// <summary>
/// Maps a release transition to CDEvents v0.4.1 CloudEvents. Following the CDEvents CloudEvents binding,
/// the CloudEvent's id, source, type and time are the CDEvent context's, its subject is the CDEvent
/// subject's id, and its data is the whole CDEvent (context and subject).
/// </summary>
/// <param name="source">This orchestrator, as CloudEvents and CDEvents <c>source</c> (a URI reference).</param>
public sealed class CdEventsMapper(Uri source)
{
    public Uri Source { get; } = source;

    public IReadOnlyList<CloudEvent> Map(ReleaseTransition transition) => transition.Kind switch
    {
        TransitionKind.ReleaseQueued => [PipelineRun(transition, CdEventTypes.PipelineRunQueued)],
        TransitionKind.ReleaseStarted => [PipelineRun(transition, CdEventTypes.PipelineRunStarted)],
        TransitionKind.ReleaseFinished => [PipelineRun(transition, CdEventTypes.PipelineRunFinished)],
        TransitionKind.PipelineStarted => [TaskRun(transition, CdEventTypes.TaskRunStarted)],
        TransitionKind.PipelineFinished => [TaskRun(transition, CdEventTypes.TaskRunFinished)],
        // A component version comes out of its release pipeline built and in its registry at once.
        TransitionKind.ComponentReleased =>
            [Artifact(transition, CdEventTypes.ArtifactPackaged), Artifact(transition, CdEventTypes.ArtifactPublished)],
        TransitionKind.Decision => [Operator(transition, CdEventTypes.DecisionMade, CdEventTypes.DecisionSubject)],
        TransitionKind.Approval => [Operator(transition, CdEventTypes.ApprovalGranted, CdEventTypes.ApprovalSubject)],
        TransitionKind.Abort => [Operator(transition, CdEventTypes.RunAborted, CdEventTypes.RunSubject)],
        TransitionKind.Resume => [Operator(transition, CdEventTypes.RunResumed, CdEventTypes.RunSubject)],
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition.Kind, "No CDEvent for this transition kind."),
    };

    /// <summary>The release run's subject id: every event of one run of the release names the same pipeline run.</summary>
    public static string PipelineRunId(ReleaseIdentity release) => $"{release.WorkflowId}/{release.RunId}";

    /// <summary>A purl of the generic type: the orchestrator knows a component's name and version, not its registry.</summary>
    public static string ArtifactId(ComponentVersion component) =>
        $"pkg:generic/{Uri.EscapeDataString(component.Name)}@{Uri.EscapeDataString(component.Version)}";

    private CloudEvent PipelineRun(ReleaseTransition t, string type)
    {
        var content = new JsonObject
        {
            ["pipelineName"] = t.Release.Product,
            ["url"] = t.Release.Url,
        };
        if (t.Kind == TransitionKind.ReleaseFinished)
        {
            content["outcome"] = CdEventOutcomes.From(t.Outcome);
            if (!CdEventOutcomes.IsSuccess(t.Outcome))
            {
                content["errors"] = t.Reason ?? t.Outcome;
            }
        }

        return Build(t, type, PipelineRunId(t.Release), CdEventTypes.PipelineRunSubject, content);
    }

    private CloudEvent TaskRun(ReleaseTransition t, string type)
    {
        var component = Required(t.Component, t);
        var content = new JsonObject
        {
            ["taskName"] = component.Name,
            ["url"] = Required(t.PipelineUrl, t),
            ["pipelineRun"] = new JsonObject { ["id"] = PipelineRunId(t.Release), ["source"] = Source.ToString() },
        };
        if (t.Kind == TransitionKind.PipelineFinished)
        {
            content["outcome"] = CdEventOutcomes.From(t.Outcome);
            if (!CdEventOutcomes.IsSuccess(t.Outcome))
            {
                content["errors"] = t.Reason ?? t.Outcome;
            }
        }

        var id = $"{PipelineRunId(t.Release)}/{component.Name}/{t.Attempt}";
        return Build(t, type, id, CdEventTypes.TaskRunSubject, content);
    }

    private CloudEvent Artifact(ReleaseTransition t, string type)
    {
        var component = Required(t.Component, t);
        var content = new JsonObject();
        if (type == CdEventTypes.ArtifactPackaged)
        {
            // CircleCI's pipeline is the change the orchestrator knows of: it carries the commit the artifact was built from.
            content["change"] = new JsonObject
            {
                ["id"] = $"{component.Name}@{component.Branch}",
                ["source"] = Required(t.PipelineUrl, t),
            };
        }

        return Build(t, type, ArtifactId(component), CdEventTypes.ArtifactSubject, content);
    }

    private CloudEvent Operator(ReleaseTransition t, string type, string subjectType)
    {
        var action = Required(t.Action, t);
        var content = new JsonObject
        {
            ["pipelineRun"] = new JsonObject { ["id"] = PipelineRunId(t.Release), ["source"] = Source.ToString() },
            ["action"] = action.Kind,
            ["by"] = action.By,
            ["reason"] = action.Reason,
        };
        if (t.ComponentName is { } name)
        {
            content["component"] = name;
        }

        if (action.Stage is { } stage)
        {
            content["stage"] = stage;
        }

        // One subject per action, so two decisions about the same component stay two subjects.
        var id = $"{PipelineRunId(t.Release)}/{action.Kind}/{t.ComponentName ?? action.Stage?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "run"}/{t.Attempt}";
        return Build(t, type, id, subjectType, content);
    }

    private CloudEvent Build(ReleaseTransition t, string type, string subjectId, string subjectType, JsonObject content)
    {
        var id = EventIds.For(t, type);
        var data = new JsonObject
        {
            ["context"] = new JsonObject
            {
                ["version"] = CdEventTypes.SpecVersion,
                ["id"] = id,
                ["source"] = Source.ToString(),
                ["type"] = type,
                ["timestamp"] = EventEnvelope.Timestamp(t.At),
            },
            ["subject"] = new JsonObject
            {
                ["id"] = subjectId,
                ["source"] = Source.ToString(),
                ["type"] = subjectType,
                ["content"] = content,
            },
        };
        return EventEnvelope.Create(t, Source, type, id, subjectId, data);
    }

    private static T Required<T>(T? value, ReleaseTransition t)
        where T : class =>
        value ?? throw new ArgumentException(
            $"A {t.Kind} transition needs a {typeof(T).Name}; build it with ReleaseTransition's factory method.", nameof(t));
}

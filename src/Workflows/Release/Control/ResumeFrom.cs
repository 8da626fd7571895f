using System.Text.Json.Serialization;

namespace Release.Workflows.Release.Control;

/// <summary>
/// How a run started by <c>release resume</c> builds on the earlier runs of the same release,
/// read from Temporal by the client: which components it takes as released, and which failed
/// CircleCI workflows it re-runs in their pipelines instead of triggering new ones.
/// </summary>
/// <param name="PreviousRunId">The run this one resumes (the release's latest closed run).</param>
/// <param name="By">Who resumed it.</param>
public sealed record ResumeFrom(
    string PreviousRunId,
    string By,
    string Reason,
    IReadOnlyList<ReusedComponent> Reused,
    IReadOnlyList<RerunInPipeline>? RerunFailed = null);

/// <summary>A component whose pipeline succeeded in an earlier run: not triggered again.</summary>
/// <param name="RunId">The run in which its pipeline succeeded.</param>
public sealed record ReusedComponent(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("pipeline")] PipelineRef Pipeline);

/// <summary>A failed component whose failed CircleCI workflow is re-run from its failed jobs, in the same pipeline.</summary>
/// <param name="WorkflowId">The failed CircleCI workflow to re-run.</param>
public sealed record RerunInPipeline(string Name, PipelineRef Pipeline, string WorkflowId);

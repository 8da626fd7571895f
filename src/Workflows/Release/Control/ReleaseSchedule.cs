using System.Text.Json.Serialization;

namespace Release.Workflows.Release.Control;

/// <summary>When a component may start. Written as its name in inputs, so histories read plainly.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReleaseSchedule>))]
public enum ReleaseSchedule
{
    /// <summary>Stage by stage: a stage starts once every component of the one before it succeeded.</summary>
    Stages,

    /// <summary>By <c>dependsOn</c>: a component starts once all of its dependencies succeeded.</summary>
    Graph,
}

/// <summary>What a component's failure does to the release.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailurePolicy>))]
public enum FailurePolicy
{
    /// <summary>Stop at the first failure: stop watching, report, end the release.</summary>
    Stop,

    /// <summary>Hold the failed component and wait for an operator's <c>decide</c> Update.</summary>
    Ask,
}

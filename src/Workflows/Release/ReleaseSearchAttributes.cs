using Release.Workflows.Manifest;
using Temporalio.Common;

namespace Release.Workflows.Release;

/// <summary>
/// The custom search attributes that make a release findable in the Temporal Web UI and with
/// <c>release list --query</c>, e.g. <c>ReleaseVersion = "2.4.0" AND ReleaseStatus = "failed"</c>.
/// They must be registered on the namespace once (see <c>SearchAttributeSetup</c> in Activities, or
/// <c>temporal operator search-attribute create</c>) before a release starts with them.
/// </summary>
public static class ReleaseSearchAttributes
{
    public static SearchAttributeKey<string> Name { get; } = SearchAttributeKey.CreateKeyword("ReleaseName");

    public static SearchAttributeKey<string> Version { get; } = SearchAttributeKey.CreateKeyword("ReleaseVersion");

    /// <summary>running, succeeded, failed, aborted or dry_run: finer than ExecutionStatus, which calls an abort a failure.</summary>
    public static SearchAttributeKey<string> Status { get; } = SearchAttributeKey.CreateKeyword("ReleaseStatus");

    /// <summary>On component workflows: the CircleCI pipeline they watch, for the webhook receiver.</summary>
    public static SearchAttributeKey<string> PipelineId { get; } = SearchAttributeKey.CreateKeyword("CircleCiPipelineId");

    /// <summary>All keys, for registration.</summary>
    public static IReadOnlyList<SearchAttributeKey> All { get; } = [Name, Version, Status, PipelineId];

    /// <summary>The values a release starts with.</summary>
    public static SearchAttributeCollection ForStart(ExecutionPlan plan) =>
        new SearchAttributeCollection.Builder()
            .Set(Name, plan.ReleaseName)
            .Set(Version, plan.ReleaseVersion)
            .Set(Status, "running")
            .ToSearchAttributeCollection();
}

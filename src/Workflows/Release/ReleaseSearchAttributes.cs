using System.Text;
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

    /// <summary>
    /// At most this many UTF-8 bytes of a keyword value. A real cluster refuses a start whose
    /// search attribute value is over 2 KB (frontend.searchAttributesSizeOfValueLimit, counted on
    /// the encoded payload); half of it leaves room for the encoding.
    /// </summary>
    public const int MaxKeywordBytes = 1024;

    /// <summary>The values a release starts with.</summary>
    public static SearchAttributeCollection ForStart(ExecutionPlan plan) =>
        new SearchAttributeCollection.Builder()
            .Set(Name, Keyword(plan.ReleaseName))
            .Set(Version, Keyword(plan.ReleaseVersion))
            .Set(Status, "running")
            .ToSearchAttributeCollection();

    /// <summary>The value cut to <see cref="MaxKeywordBytes"/> on a character boundary; short values unchanged.</summary>
    public static string Keyword(string value)
    {
        if (Encoding.UTF8.GetByteCount(value) <= MaxKeywordBytes)
        {
            return value;
        }

        var length = 0;
        var bytes = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxKeywordBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }

        return value[..length];
    }
}

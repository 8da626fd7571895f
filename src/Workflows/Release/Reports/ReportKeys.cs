using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Release.Workflows.Release.Reports;

/// <summary>
/// Where a stage's whole report lives in the report store, relative to its folder:
/// <c>&lt;workflow id&gt;/&lt;run id&gt;/stage-002.json.gz</c>, and its slices <c>stage-002.part-001.json.gz</c>.
/// Pure string functions: the workflow computes the key a merged digest points at.
/// </summary>
public static class ReportKeys
{
    // A folder name must stay under the 255 bytes most file systems allow, whatever the id (up to 1,000 bytes).
    private const int MaxFolderName = 150;

    public static string Stage(string workflowId, string runId, int stageIndex) =>
        $"{Folder(workflowId)}/{Folder(runId)}/stage-{stageIndex.ToString("D3", CultureInfo.InvariantCulture)}.json.gz";

    public static string Part(string workflowId, string runId, int stageIndex, int partIndex) =>
        $"{Folder(workflowId)}/{Folder(runId)}/stage-{stageIndex.ToString("D3", CultureInfo.InvariantCulture)}.part-{(partIndex + 1).ToString("D3", CultureInfo.InvariantCulture)}.json.gz";

    /// <summary>
    /// An id as one safe folder name: escaped so no separator or <c>..</c> can climb out of the store,
    /// prefixed so no name is <c>.</c> or empty, and hashed when too long.
    /// </summary>
    private static string Folder(string id)
    {
        var escaped = "w-" + Uri.EscapeDataString(id).Replace("*", "%2A", StringComparison.Ordinal);
        if (escaped.Length <= MaxFolderName)
        {
            return escaped;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16].ToLowerInvariant();
        return $"{escaped[..(MaxFolderName - 17)]}-{hash}";
    }
}

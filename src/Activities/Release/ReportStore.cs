using System.IO.Compression;
using System.Text.Json;
using Release.Workflows.Release.Reports;

namespace Release.Activities.Release;

/// <summary>
/// Keeps every stage's whole report as a gzipped JSON file under one folder, keyed by
/// <see cref="ReportKeys"/>, so a large stage's report need not travel through workflow history.
/// </summary>
/// <remarks>
/// A folder, not a database or Temporal itself: the report is already shipped whole to ELK by the
/// log event, so this copy only serves <c>release report</c>, which runs where a worker runs or
/// reads a shared volume (point <c>RELEASE_REPORTS_DIR</c> of both at it). Writes go to a temporary
/// file then are renamed, so a worker killed mid-write leaves no half report, and a retried
/// activity rewrites the same key with the same content.
/// </remarks>
public sealed class ReportStore(string folder)
{
    public const string FolderVariable = "RELEASE_REPORTS_DIR";

    /// <summary>A report whose JSON is larger travels as a digest (a real cluster refuses payloads over 2 MB and warns at 512 KB).</summary>
    public const int DefaultInlineLimit = 256 * 1024;

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Bytes of JSON above which a stage report is stored and a digest returned instead.</summary>
    public int InlineLimit { get; init; } = DefaultInlineLimit;

    /// <summary><c>RELEASE_REPORTS_DIR</c>, else <c>~/.local/share/release/reports</c>.</summary>
    public static ReportStore FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <param name="variable">Reads an environment variable (a command line's own view of the environment).</param>
    public static ReportStore FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return new(variable(FolderVariable) is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "release", "reports"));
    }

    /// <summary>
    /// What the snapshot activity returns for <paramref name="report"/>: the report itself when it is
    /// small, else (and always for a slice of a large stage) its digest, once the whole is stored.
    /// </summary>
    public async Task<StageReport> KeepAsync(StageReport report, StageSnapshotRequest request, string workflowId, string runId, CancellationToken cancellationToken)
    {
        if (request.Part is null && JsonSerializer.SerializeToUtf8Bytes(report).Length <= InlineLimit)
        {
            return report;
        }

        var key = request.Part is { } part
            ? ReportKeys.Part(workflowId, runId, request.Stage.Index, part.Index)
            : ReportKeys.Stage(workflowId, runId, request.Stage.Index);
        await WriteAsync(key, report, cancellationToken);
        return StageDigest.Of(report, new StoredReportRef(key, 0, report.Components.Count), request.FailedComponent);
    }

    /// <summary>
    /// The whole report a digest stands for, assembling a sliced stage's parts (and storing the
    /// result under the stage's key); null when a file it needs is not in this store.
    /// </summary>
    public async Task<StageReport?> WholeAsync(StageReport digest, string workflowId, string runId, CancellationToken cancellationToken)
    {
        if (digest.FullReport is not { } stored)
        {
            return digest;
        }

        if (await ReadAsync(stored.Key, cancellationToken) is { } whole)
        {
            return whole;
        }

        if (stored.Parts == 0)
        {
            return null;
        }

        var parts = new List<StageReport>();
        for (var i = 0; i < stored.Parts; i++)
        {
            if (await ReadAsync(ReportKeys.Part(workflowId, runId, digest.Stage.Index, i), cancellationToken) is not { } part)
            {
                return null;
            }

            parts.Add(part);
        }

        var assembled = StageDigest.Assemble(digest, parts);
        await WriteAsync(stored.Key, assembled, cancellationToken);
        return assembled;
    }

    /// <summary>The release's summary with each digest replaced by its whole report where this store has it.</summary>
    public async Task<ReleaseSummary> WholeStagesAsync(ReleaseSummary summary, string workflowId, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Stages.All(s => s.FullReport is null))
        {
            return summary;
        }

        var stages = new List<StageReport>();
        foreach (var stage in summary.Stages)
        {
            stages.Add(await WholeAsync(stage, workflowId, runId, cancellationToken) ?? stage);
        }

        return summary with { Stages = stages };
    }

    public string PathOf(string key) => Path.Combine(Folder, key.Replace('/', Path.DirectorySeparatorChar));

    public async Task WriteAsync(string key, StageReport report, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = File.Create(temporary))
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            {
                await JsonSerializer.SerializeAsync(gzip, report, cancellationToken: cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <returns>Null when there is no such report here (another machine's store, deleted or damaged).</returns>
    public async Task<StageReport?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            return await JsonSerializer.DeserializeAsync<StageReport>(gzip, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            // Damaged (writes are atomic, so only by hand or by the disk): as good as absent, so each
            // reader falls back to the digest for this stage alone.
            return null;
        }
    }
}

using Temporalio.Common;

namespace Orchestrator.Tests;

/// <summary>Exports a test's history beside the ones <see cref="ReplayTests"/> replays, on purpose only.</summary>
internal static class HistoryExport
{
    /// <summary>With EXPORT_HISTORIES=1, saves the history as Histories/<paramref name="file"/>.</summary>
    public static async Task SaveIfAskedAsync(string file, WorkflowHistory history)
    {
        if (Environment.GetEnvironmentVariable("EXPORT_HISTORIES") != "1")
        {
            return;
        }

        await File.WriteAllTextAsync(Path.Combine(RepositoryRoot.Path, "tests", "Orchestrator.Tests", "Histories", file), history.ToJson());
    }
}

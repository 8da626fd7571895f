using System.Globalization;
using Microsoft.Data.Sqlite;
using Release.Api.Tokens;

namespace Release.Api.Hooks;

/// <summary>
/// The <c>X-GitHub-Delivery</c> ids that started a release, and which: GitHub's "Redeliver"
/// button and its retries resend the same id, and must get the first answer, not a second
/// release. Only starts are kept: a delivery that started nothing is judged again, so one
/// redelivered after fixing a rule does what the rule now says.
/// </summary>
public sealed class GitHubDeliveries
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS github_deliveries (
            delivery TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, run_id TEXT NOT NULL,
            git_ref TEXT NOT NULL, commit_sha TEXT NOT NULL, sender TEXT NOT NULL, created_at TEXT NOT NULL);
        """;

    private readonly ApiDatabase database;
    private readonly TimeProvider time;

    public GitHubDeliveries(ApiDatabase database, TimeProvider time)
    {
        this.database = database;
        this.time = time;
        using var connection = database.Open();
        using var create = ApiDatabase.Command(connection, Schema);
        create.ExecuteNonQuery();
    }

    public StartedDelivery? Find(string delivery)
    {
        using var connection = database.Open();
        using var select = ApiDatabase.Command(
            connection, "SELECT workflow_id, run_id, git_ref, commit_sha, sender FROM github_deliveries WHERE delivery = $delivery", ("$delivery", delivery));
        using var reader = select.ExecuteReader();
        return reader.Read() ? new StartedDelivery(delivery, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)) : null;
    }

    public void Remember(StartedDelivery started)
    {
        ArgumentNullException.ThrowIfNull(started);
        using var connection = database.Open();
        using var insert = ApiDatabase.Command(
            connection,
            "INSERT OR IGNORE INTO github_deliveries (delivery, workflow_id, run_id, git_ref, commit_sha, sender, created_at) VALUES ($d, $wf, $run, $ref, $sha, $sender, $now)",
            ("$d", started.Delivery), ("$wf", started.WorkflowId), ("$run", started.RunId), ("$ref", started.Ref), ("$sha", started.Commit), ("$sender", started.Sender),
            ("$now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        try
        {
            insert.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // The release started: a lost memory only turns a redelivery into a 409 naming the same release.
        }
    }
}

/// <summary>A delivery that started a release.</summary>
public sealed record StartedDelivery(string Delivery, string WorkflowId, string RunId, string Ref, string Commit, string Sender);

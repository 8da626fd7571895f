using Microsoft.Data.Sqlite;

namespace Release.Api.Tokens;

/// <summary>
/// What a start with an <c>Idempotency-Key</c> answered, per caller, so a retried request (its
/// answer lost on the way) gets the same release instead of a 409 or a second run.
/// </summary>
public sealed class IdempotencyKeys(ApiDatabase database, TimeProvider time)
{
    public const string Header = "Idempotency-Key";

    public (string WorkflowId, string RunId)? Find(string key, string caller)
    {
        using var connection = database.Open();
        using var select = ApiDatabase.Command(
            connection, "SELECT workflow_id, run_id FROM idempotency WHERE key = $key AND caller = $caller", ("$key", key), ("$caller", caller));
        using var reader = select.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    public void Remember(string key, string caller, string workflowId, string runId)
    {
        using var connection = database.Open();
        using var insert = ApiDatabase.Command(
            connection,
            "INSERT OR IGNORE INTO idempotency (key, caller, workflow_id, run_id, created_at) VALUES ($key, $caller, $wf, $run, $now)",
            ("$key", key), ("$caller", caller), ("$wf", workflowId), ("$run", runId), ("$now", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            insert.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // A lost memory only turns a replay into a 409 naming the same release: not worth failing a started release's answer.
        }
    }
}

using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Release.DevServer.Engine.Schedules;

namespace Release.DevServer.Persistence;

/// <summary>
/// The schedules table: one row per schedule, its state a blob (see <see cref="ScheduleCodec"/>).
/// Created on first load when missing, so files written before schedules existed still open.
/// </summary>
internal sealed partial class SqliteExecutionStore
{
    public List<ScheduleEntry> LoadSchedules()
    {
        try
        {
            Execute(_connection,
                "CREATE TABLE IF NOT EXISTS schedules(namespace TEXT NOT NULL, schedule_id TEXT NOT NULL, state BLOB NOT NULL, " +
                "PRIMARY KEY(namespace, schedule_id)) WITHOUT ROWID");
            var schedules = new List<ScheduleEntry>();
            using var command = NewCommand("SELECT state FROM schedules ORDER BY namespace, schedule_id");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                schedules.Add(ScheduleCodec.Read((byte[])reader[0]));
            }
            return schedules;
        }
        catch (SqliteException e)
        {
            throw DatabaseFile.Explain(_path, e);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidProtocolBufferException or EndOfStreamException)
        {
            throw new DevServerDatabaseException(
                $"--db-filename '{_path}' is corrupt ({e.Message}); move it aside and start with a new file", e);
        }
    }

    /// <summary>Writes changed schedules in one transaction; a null state deletes the row.</summary>
    public void WriteSchedules(IReadOnlyList<(string Namespace, string ScheduleId, byte[]? State)> changes)
    {
        _begin.ExecuteNonQuery();
        try
        {
            foreach (var (ns, id, state) in changes)
            {
                using var command = NewCommand(state is null
                    ? "DELETE FROM schedules WHERE namespace = $ns AND schedule_id = $id"
                    : "INSERT OR REPLACE INTO schedules(namespace, schedule_id, state) VALUES($ns, $id, $state)");
                command.Parameters.AddWithValue("$ns", ns);
                command.Parameters.AddWithValue("$id", id);
                if (state is not null)
                {
                    command.Parameters.AddWithValue("$state", state);
                }
                command.ExecuteNonQuery();
            }
            _commit.ExecuteNonQuery();
        }
        catch
        {
            _rollback.ExecuteNonQuery();
            throw;
        }
    }
}

using Microsoft.Data.Sqlite;
using Release.DevServer.Engine;
using Release.DevServer.Hosting;
using Release.DevServer.Persistence;
using Temporalio.Api.Enums.V1;

namespace DevServer.Tests;

/// <summary>The SQLite store in process: what it writes comes back, and files that are not ours are refused.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("devserver-store-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string NewPath(string name = "temporal.db") => Path.Combine(_directory, name);

    [Fact]
    public void Write_ThenReopen_ReadsBackRunsHistoryNamespacesAndSerial()
    {
        var path = NewPath();
        var run = PersistenceCodecTests.SampleRun();
        var ns = PersistenceCodecTests.SampleNamespace();
        var writer = new SnapshotWriter();
        using (var store = SqliteExecutionStore.Open(path))
        {
            var changes = new ChangeSet();
            ExecutionCodec.Write(writer, run);
            changes.Runs.Add((1, run, writer.Written.ToArray(), 0, ExecutionCodec.WriteEvents(run.History, 0)));
            NamespaceCodec.Write(writer, ns);
            changes.Namespaces.Add((ns.Name, writer.Written.ToArray()));
            changes.NextWorkflowTaskSerial = 77;
            store.Write(changes);

            // A later step appends only its new events.
            run.Append(ExecutionState.NewEvent(EventType.WorkflowTaskStarted, run.StartTime));
            changes.Clear();
            changes.Runs.Add((1, run, null, 2, ExecutionCodec.WriteEvents(run.History, 2)));
            store.Write(changes);
        }

        using var reopened = SqliteExecutionStore.Open(path);
        var state = reopened.Load();

        var stored = Assert.Single(state.Runs);
        Assert.Equal(run.Key, stored.Run.Key);
        Assert.Equal(run.History, stored.Run.History);
        Assert.Equal(3, stored.Run.History.Count);
        Assert.Equal(run.Activities[5].Attempt, stored.Run.Activities[5].Attempt);
        var storedNamespace = Assert.Single(state.Namespaces);
        Assert.Equal(ns.Id, storedNamespace.Id);
        Assert.Equal(IndexedValueType.Int, storedNamespace.SearchAttributes["Build"]);
        Assert.Equal(77, state.NextWorkflowTaskSerial);
    }

    [Fact]
    public void TextFile_IsRefusedAndLeftAlone()
    {
        var path = NewPath();
        File.WriteAllText(path, "not a database");

        var error = Assert.Throws<DevServerDatabaseException>(() => SqliteExecutionStore.Open(path));

        Assert.Contains("is not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("not a database", File.ReadAllText(path));
    }

    [Fact]
    public void SqliteFileOfAnotherProgram_IsRefused()
    {
        var path = NewPath();
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE invoices(id INTEGER PRIMARY KEY)";
            create.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<DevServerDatabaseException>(() => SqliteExecutionStore.Open(path));

        Assert.Contains("another program", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void NewerSchemaVersion_IsRefused()
    {
        var path = NewPath();
        SqliteExecutionStore.Open(path).Dispose();
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using var bump = other.CreateCommand();
            bump.CommandText = "PRAGMA user_version = 99";
            bump.ExecuteNonQuery();
        }

        var error = Assert.Throws<DevServerDatabaseException>(() => SqliteExecutionStore.Open(path));

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptSnapshot_IsReportedAsCorrupt()
    {
        var path = NewPath();
        var run = PersistenceCodecTests.SampleRun();
        using (var store = SqliteExecutionStore.Open(path))
        {
            var changes = new ChangeSet();
            changes.Runs.Add((1, run, [1, 2, 3], 0, ExecutionCodec.WriteEvents(run.History, 0)));
            store.Write(changes);
        }
        using var reopened = SqliteExecutionStore.Open(path);

        var error = Assert.Throws<DevServerDatabaseException>(reopened.Load);

        Assert.Contains("is corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondOpenOfTheSameFile_IsRefusedWhileTheFirstIsOpen()
    {
        var path = NewPath();
        using var first = SqliteExecutionStore.Open(path);

        var error = Assert.Throws<DevServerDatabaseException>(() => SqliteExecutionStore.Open(path));

        Assert.Contains("in use by another dev server", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foreign")]
    [InlineData("missing-value")]
    public async Task CommandLine_UnusableDbFilename_OneLineErrorAndExitCode2(string problem)
    {
        var path = NewPath("foreign.db");
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE invoices(id INTEGER PRIMARY KEY)";
            create.ExecuteNonQuery();
        }
        string[] args = problem == "foreign" ? ["--port", "0", "--headless", "--db-filename", path] : ["--port", "0", "--db-filename"];
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await DevServerCommandLine.RunAsync(args, output, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: --db-filename", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }
}

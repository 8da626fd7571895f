using Release.DevServer.Hosting;

namespace DevServer.Tests;

/// <summary>
/// A database file in a temp folder for tests that stop an embedded server and start it again on
/// it, every step checked as written (<see cref="DevServerOptions.VerifyPersistenceEachStep"/>).
/// </summary>
internal sealed class RestartDatabase(string prefix) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory(prefix).FullName;

    public DevServerOptions Options() => new()
    {
        Port = 0,
        PollTimeout = TimeSpan.FromSeconds(5),
        DbFilename = Path.Combine(_directory, "temporal.db"),
        VerifyPersistenceEachStep = true,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

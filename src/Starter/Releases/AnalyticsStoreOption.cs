using System.CommandLine;
using Release.Analytics.Store;
using Release.Releases.Operations;
using Release.Starter.Cli;

namespace Release.Starter.Releases;

/// <summary>
/// The <c>--store</c> option of the commands that read the analytics store, and its opening:
/// the option, else <c>RELEASE_ANALYTICS_STORE</c>, else the worker's default file; a bad or
/// missing store is one usage line.
/// </summary>
internal sealed class AnalyticsStoreOption
{
    private readonly Option<string?> store = new("--store") { Description = "The analytics store (env RELEASE_ANALYTICS_STORE; default the worker's SQLite file ~/.local/share/release/analytics.db)." };

    public void AddTo(Command command) => command.Add(store);

    public async Task<AnalyticsStore> OpenAsync(ParseResult parsed, CliConsole console, CancellationToken cancellationToken)
    {
        var location = parsed.GetValue(store) ?? console.Environment("RELEASE_ANALYTICS_STORE") ?? StoreLocation.DefaultPath;
        try
        {
            // Reading must not create an empty store where none was collected: say so instead.
            var parsedLocation = StoreLocation.Parse(location);
            if (parsedLocation.MissingFile is { } file)
            {
                throw CliException.Usage($"no analytics store at {file}: run `release collect run` first, or name the store with --store or RELEASE_ANALYTICS_STORE");
            }

            return await AnalyticsStore.OpenAsync(parsedLocation, TimeProvider.System, cancellationToken);
        }
        catch (StoreException e)
        {
            throw CliException.Usage(e.Message);
        }
    }
}

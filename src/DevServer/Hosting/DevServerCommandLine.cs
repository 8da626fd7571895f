using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Release.DevServer.Engine;
using Release.DevServer.Persistence;
using Release.DevServer.Tls;
using Release.Shared;

namespace Release.DevServer.Hosting;

/// <summary>
/// The command line, with the flags of `temporal server start-dev` that apply here. Exit codes: 0 after a
/// clean stop, 2 for a bad flag or a port that cannot be bound (one line on stderr, no stack trace).
/// </summary>
public static class DevServerCommandLine
{
    public const int Ok = 0;
    public const int UsageError = 2;

    private const string Usage =
        "usage: Release.DevServer [--port N] [--ip ADDRESS] [--namespace NAME]... [--db-filename FILE] [--retention DURATION] [--log-level debug|info|warn|error|fatal] [--ui-port N] [--headless] [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]] [--limit.KEY N]... [--grpc.maxReceiveMessageSize N] [--help] [--version]";

    private static readonly string[] Flags =
        [
            "--port", "-p", "--ip", "--namespace", "-n", "--db-filename", "-f", "--retention", "--log-level", "--ui-port", "--headless",
            "--tls-cert", "--tls-key", "--tls-client-ca", "--help", "-h", "--version",
            .. ServerLimits.Settings.Select(s => "--" + s.Key),
        ];

    public static string Version { get; } =
        typeof(DevServerCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await output.WriteLineAsync(Usage);
            return Ok;
        }
        if (args.Contains("--version"))
        {
            await output.WriteLineAsync($"Release.DevServer {Version}");
            return Ok;
        }
        if (TryParse(args, out var options) is { } problem)
        {
            // One line: the usage is one --help away, and a second line would bury the problem in logs.
            await error.WriteLineAsync($"error: {problem} (see --help)");
            return UsageError;
        }
        TemporalDevServer server;
        try
        {
            server = await TemporalDevServer.StartAsync(options, stop);
        }
        catch (Ui.WebUiBindException)
        {
            await error.WriteLineAsync($"error: cannot listen on {options.Ip}:{options.UiPort} for the web UI: the port is in use or not available; pick another with --ui-port, or --headless for no UI");
            return UsageError;
        }
        catch (IOException e) when (e.InnerException is SocketException or null || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"error: cannot listen on {options.Ip}:{options.Port}: the port is in use or not available; pick another with --port");
            return UsageError;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            await error.WriteLineAsync($"error: cannot listen on {options.Ip}:{options.Port}: {options.Ip} is not an address of this machine; pick another with --ip");
            return UsageError;
        }
        catch (SocketException e)
        {
            await error.WriteLineAsync($"error: cannot listen on {options.Ip}:{options.Port}: {e.Message}");
            return UsageError;
        }
        catch (DevServerDatabaseException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return UsageError;
        }
        catch (DevServerTlsException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return UsageError;
        }
        await using (server)
        {
            await output.WriteLineAsync($"Temporal dev server listening on {server.Address}");
            if (server.UsesTls)
            {
                await output.WriteLineAsync(server.RequiresClientCertificate
                    ? "TLS on: clients need the server's CA and a client certificate signed by --tls-client-ca"
                    : "TLS on: clients need the server's CA");
            }
            if (server.UiAddress is not null)
            {
                await output.WriteLineAsync($"Web UI at {server.UiAddress}");
            }
            await output.FlushAsync(CancellationToken.None);
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await output.WriteLineAsync("Temporal dev server stopping");
        }
        return Ok;
    }

    /// <summary>Parses the flags; returns a one-line problem, or null when they are valid.</summary>
    public static string? TryParse(string[] args, out DevServerOptions options)
    {
        options = new DevServerOptions { Headless = false };
        var namespaces = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            var inline = flag.Contains('=', StringComparison.Ordinal) ? flag[(flag.IndexOf('=', StringComparison.Ordinal) + 1)..] : null;
            if (inline is not null)
            {
                flag = flag[..flag.IndexOf('=', StringComparison.Ordinal)];
            }
            string? Value() => inline ?? (i + 1 < args.Length ? args[++i] : null);
            switch (flag)
            {
                case "--port" or "-p":
                    var portText = Value();
                    if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        return $"{flag} needs a port number from 0 to 65535, got {Given(portText)}";
                    }
                    options = options with { Port = port };
                    break;
                case "--ip":
                    var ip = Value();
                    if (ip is null || !IPAddress.TryParse(ip, out _))
                    {
                        return $"--ip needs an IP address such as 127.0.0.1 or 0.0.0.0, got {Given(ip)}";
                    }
                    options = options with { Ip = ip };
                    break;
                case "--namespace" or "-n":
                    var ns = Value();
                    if (string.IsNullOrWhiteSpace(ns))
                    {
                        return "--namespace needs a name";
                    }
                    namespaces.Add(ns);
                    break;
                case "--db-filename" or "-f":
                    var file = Value();
                    if (string.IsNullOrWhiteSpace(file))
                    {
                        return "--db-filename needs a file name";
                    }
                    options = options with { DbFilename = file };
                    break;
                case "--retention":
                    var retentionText = Value();
                    if (!RetentionFlag.TryParse(retentionText, out var retention))
                    {
                        return $"--retention needs a positive duration such as 24h, 90m, 30s or 7d, got {Given(retentionText)}";
                    }
                    options = options with { Retention = retention };
                    break;
                case "--log-level":
                    var levelText = Value();
                    var level = levelText?.ToLowerInvariant() switch
                    {
                        "debug" => LogLevel.Debug,
                        "info" => LogLevel.Information,
                        "warn" => LogLevel.Warning,
                        "error" => LogLevel.Error,
                        "fatal" => LogLevel.Critical,
                        _ => (LogLevel?)null,
                    };
                    if (level is null)
                    {
                        return $"--log-level needs one of debug, info, warn, error, fatal, got {Given(levelText)}";
                    }
                    options = options with { LogLevel = level.Value };
                    break;
                case "--ui-port":
                    var uiPortText = Value();
                    if (!int.TryParse(uiPortText, NumberStyles.None, CultureInfo.InvariantCulture, out var uiPort) || uiPort > 65535)
                    {
                        return $"--ui-port needs a port number from 0 to 65535, got {Given(uiPortText)}";
                    }
                    options = options with { UiPort = uiPort };
                    break;
                case "--headless":
                    if (inline is not null && !bool.TryParse(inline, out _))
                    {
                        return "--headless takes no value (or =true / =false)";
                    }
                    options = options with { Headless = inline is null || bool.Parse(inline) };
                    break;
                case "--tls-cert" or "--tls-key" or "--tls-client-ca":
                    var pem = Value();
                    if (string.IsNullOrWhiteSpace(pem))
                    {
                        return $"{flag} needs a PEM file name";
                    }
                    options = flag switch
                    {
                        "--tls-cert" => options with { TlsCertFile = pem },
                        "--tls-key" => options with { TlsKeyFile = pem },
                        _ => options with { TlsClientCaFile = pem },
                    };
                    break;
                case var _ when LimitFlag(flag) is { } setting:
                    var limitText = Value();
                    if (!long.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
                    {
                        return $"{flag} needs a whole number (0 turns the limit off), got {Given(limitText)}";
                    }
                    if (setting.Key == "grpc.maxReceiveMessageSize" && limit > int.MaxValue)
                    {
                        return $"{flag} needs a size up to {int.MaxValue} bytes, got '{limitText}'";
                    }
                    options = options with { Limits = setting.With(options.Limits, limit) };
                    break;
                default:
                    if (!flag.StartsWith('-'))
                    {
                        return $"unexpected argument '{args[i]}': the server takes only flags";
                    }
                    return NearestName.Find(flag, Flags) is { } near
                        ? $"unknown flag '{flag}'; did you mean {near}?"
                        : $"unknown flag '{flag}'";
            }
        }
        options = options with { Namespaces = namespaces };
        return null;
    }

    /// <summary>A limit flag is the real server's dynamic-config key after two dashes, e.g. --limit.blobSize.error.</summary>
    private static LimitSetting? LimitFlag(string flag) =>
        flag.StartsWith("--", StringComparison.Ordinal)
            ? ServerLimits.Settings.FirstOrDefault(s => string.Equals(s.Key, flag[2..], StringComparison.Ordinal))
            : null;

    private static string Given(string? value) => value is null ? "nothing" : $"'{value}'";
}

using Microsoft.Extensions.Logging;

namespace Release.DevServer.Hosting;

/// <summary>Settings of an embedded or command-line dev server; names follow `temporal server start-dev`.</summary>
public sealed record DevServerOptions
{
    /// <summary>gRPC port; 0 picks a free one.</summary>
    public int Port { get; init; } = 7233;

    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>Namespaces to create besides <c>default</c>, which always exists.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>How long an idle poll waits before answering "no work".</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

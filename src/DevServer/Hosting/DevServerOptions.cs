using Microsoft.Extensions.Logging;
using Release.DevServer.Engine;

namespace Release.DevServer.Hosting;

/// <summary>Settings of an embedded or command-line dev server; names follow `temporal server start-dev`.</summary>
public sealed record DevServerOptions
{
    /// <summary>gRPC port; 0 picks a free one.</summary>
    public int Port { get; init; } = 7233;

    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>Web UI port (HTTP/1.1, same address as gRPC); 0 picks a free one. Unused when <see cref="Headless"/>.</summary>
    public int UiPort { get; init; } = 8233;

    /// <summary>
    /// No web UI. True by default when embedding: tests start many servers side by side, and a fixed UI
    /// port would collide between them; the command line serves the UI unless --headless is given.
    /// </summary>
    public bool Headless { get; init; } = true;

    /// <summary>Namespaces to create besides <c>default</c>, which always exists.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>How long an idle poll waits before answering "no work".</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// SQLite file that keeps namespaces, executions and their pending work across restarts (created when
    /// missing); null keeps everything in memory. A file that is not ours is refused, never reset.
    /// </summary>
    public string? DbFilename { get; init; }

    /// <summary>
    /// How long closed runs are kept before they are deleted (from memory and from the database), in
    /// namespaces registered without a retention of their own; 24 hours as in <c>temporal server start-dev</c>.
    /// </summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// PEM certificate (then its chain, if any) that the gRPC and web UI listeners serve over TLS; needs
    /// <see cref="TlsKeyFile"/>. Null serves plaintext.
    /// </summary>
    public string? TlsCertFile { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertFile"/>.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>PEM CA certificate(s): with it, clients must present a certificate signed by one of them (mTLS).</summary>
    public string? TlsClientCaFile { get; init; }

    /// <summary>The real server's limits (payload, memo, history, pending work, names, gRPC message size).</summary>
    public ServerLimits Limits { get; init; } = new();

    /// <summary>For tests: check after every step that each changed run was written (slow).</summary>
    internal bool VerifyPersistenceEachStep { get; init; }
}

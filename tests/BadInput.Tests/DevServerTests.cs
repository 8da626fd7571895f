using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BadInput.Tests.Support;

namespace BadInput.Tests;

/// <summary>
/// The dev server (Release.DevServer.dll) given each kind of wrong flag or file: one line on stderr,
/// exit code 2, nothing served. Flags that would bind use port 0 so no case depends on a free port.
/// </summary>
public sealed class DevServerTests : IDisposable
{
    private readonly string folder = UnusableFiles.NewFolder();

    [Theory]
    [InlineData("--prot", "did you mean --port?")]
    [InlineData("--headles", "did you mean --headless?")]
    [InlineData("--tls-certificate", "did you mean --tls-cert?")]
    [InlineData("--verbose", "unknown flag '--verbose'")]
    public async Task UnknownFlag_SuggestsTheNearOne(string flag, string mention)
    {
        var result = await RunAsync(flag, "1");

        UserMistake.AssertOneLine(result, 2, $"unknown flag '{flag}'", mention);
    }

    [Fact]
    public async Task PositionalArgument_SaysOnlyFlagsAreTaken()
    {
        var result = await RunAsync("start-dev");

        UserMistake.AssertOneLine(result, 2, "unexpected argument 'start-dev'");
    }

    [Theory]
    [InlineData("--port", "seventy", "'seventy'")]
    [InlineData("--port", "70000", "'70000'")]
    [InlineData("--port", "-1", "'-1'")]
    [InlineData("--ui-port", "http", "'http'")]
    public async Task BadPort_SaysTheRangeAndWhatWasGiven(string flag, string value, string mention)
    {
        var result = await RunAsync(flag, value);

        UserMistake.AssertOneLine(result, 2, $"{flag} needs a port number from 0 to 65535", mention);
    }

    [Fact]
    public async Task PortWithoutValue_SaysNothingWasGiven()
    {
        var result = await RunAsync("--headless", "--port");

        UserMistake.AssertOneLine(result, 2, "--port needs a port number", "got nothing");
    }

    [Fact]
    public async Task IpThatIsNotAnAddress_SaysSo()
    {
        var result = await RunAsync("--ip", "localhost");

        UserMistake.AssertOneLine(result, 2, "--ip needs an IP address", "'localhost'");
    }

    [Fact]
    public async Task IpNotOfThisMachine_SaysPickAnother()
    {
        // TEST-NET-1 (RFC 5737): reserved for documentation, never a local address.
        var result = await RunAsync("--ip", "192.0.2.1", "--port", "0", "--headless");

        UserMistake.AssertOneLine(result, 2, "cannot listen on 192.0.2.1:0", "--ip");
    }

    [Fact]
    public async Task UnknownLogLevel_ListsTheLevels()
    {
        var result = await RunAsync("--log-level", "loud");

        UserMistake.AssertOneLine(result, 2, "--log-level needs one of debug, info, warn, error, fatal", "'loud'");
    }

    [Fact]
    public async Task GrpcPortInUse_OneLineWithoutTheHostsStackTrace()
    {
        using var blocker = Block(out var port);

        var result = await RunAsync("--port", port, "--headless");

        UserMistake.AssertOneLine(result, 2, $"cannot listen on 127.0.0.1:{port}", "--port");
        UserMistake.AssertNoRuntimeTrace(result.StandardOutput, result);
    }

    [Fact]
    public async Task UiPortInUse_NamesTheUiFlag()
    {
        using var blocker = Block(out var port);

        var result = await RunAsync("--port", "0", "--ui-port", port);

        UserMistake.AssertOneLine(result, 2, $"cannot listen on 127.0.0.1:{port} for the web UI", "--ui-port", "--headless");
        UserMistake.AssertNoRuntimeTrace(result.StandardOutput, result);
    }

    [Fact]
    public async Task DbFilenameNotSqlite_RefusedAndLeftAlone()
    {
        var db = Path.Combine(folder, "notes.db");
        await File.WriteAllTextAsync(db, "my notes, not a database\n");

        var result = await RunAsync("--port", "0", "--headless", "--db-filename", db);

        UserMistake.AssertOneLine(result, 2, "--db-filename", "not a SQLite database");
        Assert.Equal("my notes, not a database\n", await File.ReadAllTextAsync(db));
    }

    [Fact]
    public async Task TlsCertIsAFolder_SaysGiveAPemFile()
    {
        var (_, key) = await WriteCertificateAsync("server");

        var result = await RunAsync("--port", "0", "--headless", "--tls-cert", folder, "--tls-key", key);

        UserMistake.AssertOneLine(result, 2, $"--tls-cert '{folder}' is a folder");
    }

    [Fact]
    public async Task TlsCertMissing_SaysItDoesNotExist()
    {
        var (_, key) = await WriteCertificateAsync("server");
        var missing = Path.Combine(folder, "missing.pem");

        var result = await RunAsync("--port", "0", "--headless", "--tls-cert", missing, "--tls-key", key);

        UserMistake.AssertOneLine(result, 2, $"--tls-cert '{missing}' does not exist");
    }

    [Fact]
    public async Task TlsCertUnreadable_SaysItCannotBeRead()
    {
        var (_, key) = await WriteCertificateAsync("server");
        var unreadable = UnusableFiles.UnreadableFile(folder);

        var result = await RunAsync("--port", "0", "--headless", "--tls-cert", unreadable, "--tls-key", key);

        UserMistake.AssertOneLine(result, 2, $"--tls-cert '{unreadable}' cannot be read");
    }

    [Fact]
    public async Task TlsKeyEmpty_SaysSo()
    {
        var (cert, _) = await WriteCertificateAsync("server");
        var empty = Path.Combine(folder, "empty-key.pem");
        await File.WriteAllTextAsync(empty, "");

        var result = await RunAsync("--port", "0", "--headless", "--tls-cert", cert, "--tls-key", empty);

        UserMistake.AssertOneLine(result, 2, $"--tls-key '{empty}' is empty");
    }

    [Fact]
    public async Task TlsCertNotPem_SaysNoCertificate()
    {
        var (_, key) = await WriteCertificateAsync("server");
        var notes = Path.Combine(folder, "notes.pem");
        await File.WriteAllTextAsync(notes, "just some text\n");

        var result = await RunAsync("--port", "0", "--headless", "--tls-cert", notes, "--tls-key", key);

        UserMistake.AssertOneLine(result, 2, "--tls-cert", "holds no PEM certificate");
    }

    [Fact]
    public async Task TlsKeyOfAnotherCertificate_SaysItDoesNotMatch()
    {
        var (cert, _) = await WriteCertificateAsync("server");
        var (_, otherKey) = await WriteCertificateAsync("other");

        var result = await RunAsync("--port", "0", "--headless", "--tls-cert", cert, "--tls-key", otherKey);

        UserMistake.AssertOneLine(result, 2, "--tls-key", "is not the private key of the certificate");
    }

    [Fact]
    public async Task TlsCertWithoutKey_AsksForTheKey()
    {
        var (cert, _) = await WriteCertificateAsync("server");

        var result = await RunAsync("--port", "0", "--headless", "--tls-cert", cert);

        UserMistake.AssertOneLine(result, 2, "--tls-cert needs --tls-key");
    }

    [Fact]
    public async Task TlsClientCaWithoutServerCertificate_AsksForIt()
    {
        var (cert, _) = await WriteCertificateAsync("ca");

        var result = await RunAsync("--port", "0", "--headless", "--tls-client-ca", cert);

        UserMistake.AssertOneLine(result, 2, "--tls-client-ca needs --tls-cert and --tls-key");
    }

    [Fact]
    public async Task TlsClientCaWithoutCertificate_SaysNoCertificate()
    {
        var (cert, key) = await WriteCertificateAsync("server");

        var result = await RunAsync("--port", "0", "--headless", "--tls-cert", cert, "--tls-key", key, "--tls-client-ca", key);

        UserMistake.AssertOneLine(result, 2, "--tls-client-ca", "holds no PEM certificate");
    }

    [Fact]
    public async Task Help_PrintsUsageOnStdoutAndExits0()
    {
        var result = await RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("usage: Release.DevServer", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--tls-client-ca", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public async Task Version_PrintsOneLineAndExits0()
    {
        var result = await RunAsync("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^Release\.DevServer \d+\.\d+\.\d+\S*\s*$", result.StandardOutput);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static Task<ProcessResult> RunAsync(params string[] args) => Executable.DevServer.RunAsync(args);

    private static TcpListener Block(out string port)
    {
        var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        port = ((IPEndPoint)blocker.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        return blocker;
    }

    // A self-signed certificate and its key, made now: no key is ever committed.
    private async Task<(string Cert, string Key)> WriteCertificateAsync(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(folder, $"{name}.pem");
        var keyFile = Path.Combine(folder, $"{name}-key.pem");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }
}

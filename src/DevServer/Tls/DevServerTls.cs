using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Temporalio.Client;

namespace Release.DevServer.Tls;

/// <summary>
/// TLS for the gRPC and web UI listeners: the certificate and key of --tls-cert / --tls-key, and
/// with --tls-client-ca a client certificate signed by that CA is required (mTLS). Files are read
/// once at start, so a bad one stops the start with one line instead of failing each handshake.
/// </summary>
internal sealed class DevServerTls : IDisposable
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _chain;
    private readonly SslStreamCertificateContext _context;
    private readonly SslStreamCertificateContext _uiContext;
    private readonly X509Certificate2Collection? _clientCas;
    private readonly InternalUiIdentity _ui;

    private DevServerTls(X509Certificate2 certificate, X509Certificate2Collection chain, X509Certificate2Collection? clientCas)
    {
        _certificate = certificate;
        _chain = chain;
        _context = SslStreamCertificateContext.Create(certificate, chain, offline: true);
        _clientCas = clientCas;
        _ui = InternalUiIdentity.Create();
        _uiContext = SslStreamCertificateContext.Create(_ui.Certificate, [], offline: true);
    }

    public bool RequiresClientCertificate => _clientCas is not null;

    /// <summary>Null when the options ask for no TLS.</summary>
    public static DevServerTls? Load(string? certFile, string? keyFile, string? clientCaFile)
    {
        if (certFile is null && keyFile is null && clientCaFile is null)
        {
            return null;
        }
        if (certFile is null || keyFile is null)
        {
            throw new DevServerTlsException((certFile, keyFile) switch
            {
                (null, null) => "--tls-client-ca needs --tls-cert and --tls-key: mTLS needs the server's own certificate too.",
                (null, _) => "--tls-key needs --tls-cert: give the server certificate too.",
                _ => "--tls-cert needs --tls-key: give the certificate's private key too.",
            });
        }
        var (certificate, chain) = PemFiles.CertificateWithKey("--tls-cert", certFile, "--tls-key", keyFile);
        var clientCas = clientCaFile is null ? null : PemFiles.Certificates("--tls-client-ca", clientCaFile);
        return new DevServerTls(certificate, chain, clientCas);
    }

    /// <summary>Serves TLS on a Kestrel listener (gRPC or UI), with the same client-certificate rule on both.</summary>
    public void UseOn(ListenOptions listen) =>
        listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = context => ValueTask.FromResult(OptionsFor(context.ClientHelloInfo.ServerName)) });

    /// <summary>What the web UI's SDK client presents and trusts to reach this server.</summary>
    public TlsOptions UiClientTls => new()
    {
        Domain = InternalUiIdentity.ServerName,
        ServerRootCACert = Encoding.UTF8.GetBytes(_ui.Ca.ExportCertificatePem()),
        ClientCert = Encoding.UTF8.GetBytes(_ui.CertificatePem),
        ClientPrivateKey = Encoding.UTF8.GetBytes(_ui.KeyPem),
    };

    private SslServerAuthenticationOptions OptionsFor(string? serverName) => new()
    {
        ServerCertificateContext = serverName == InternalUiIdentity.ServerName ? _uiContext : _context,
        ClientCertificateRequired = RequiresClientCertificate,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = ValidateClient,
    };

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (!RequiresClientCertificate)
        {
            return true;
        }
        if (certificate is null)
        {
            return false;
        }
        using var client = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return ChainsTo(client, presented, _clientCas!) || ChainsTo(client, presented, [_ui.Ca]);
    }

    // The system's roots play no part: only the given CA vouches for clients.
    private static bool ChainsTo(X509Certificate2 client, X509Chain? presented, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(client);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _ui.Dispose();
        foreach (var other in _chain.Concat(_clientCas ?? []))
        {
            other.Dispose();
        }
    }
}

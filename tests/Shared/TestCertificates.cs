using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Temporalio.Client;

namespace Release.Tests.Shared;

/// <summary>
/// Certificates made at test time (no key is ever committed), written as PEM files in a fresh
/// folder: a CA, a server certificate from it for localhost and 127.0.0.1, and a client certificate
/// from it. Compiled into each test project that needs it (a link in its .csproj).
/// <code>using var certs = TestCertificates.Create();
/// // server: --tls-cert certs.ServerCertFile --tls-key certs.ServerKeyFile [--tls-client-ca certs.CaFile]
/// var client = await TemporalClient.ConnectAsync(new(address) { Tls = certs.ClientTls() });</code>
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private TestCertificates(string folder) => Folder = folder;

    /// <summary>Where the PEM files are; deleted on Dispose.</summary>
    public string Folder { get; }

    public string CaFile => Path.Combine(Folder, "ca.pem");

    public string ServerCertFile => Path.Combine(Folder, "server.pem");

    public string ServerKeyFile => Path.Combine(Folder, "server-key.pem");

    public string ClientCertFile => Path.Combine(Folder, "client.pem");

    public string ClientKeyFile => Path.Combine(Folder, "client-key.pem");

    /// <param name="name">Names the CA, so two sets made in one test are told apart.</param>
    public static TestCertificates Create(string name = "test")
    {
        var certs = new TestCertificates(Directory.CreateTempSubdirectory("test-certs-").FullName);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));
        File.WriteAllText(certs.CaFile, ca.ExportCertificatePem());

        var server = new SubjectAlternativeNameBuilder();
        server.AddDnsName("localhost");
        server.AddIpAddress(IPAddress.Loopback);
        Issue(ca, $"CN={name} server", server, ServerAuthentication, certs.ServerCertFile, certs.ServerKeyFile);
        var client = new SubjectAlternativeNameBuilder();
        client.AddDnsName($"{name}-client");
        Issue(ca, $"CN={name} client", client, ClientAuthentication, certs.ClientCertFile, certs.ClientKeyFile);
        return certs;
    }

    /// <summary>What a Temporal client needs: trust in the CA, and the client certificate unless <paramref name="withClientCertificate"/> is false.</summary>
    public TlsOptions ClientTls(bool withClientCertificate = true) => new()
    {
        ServerRootCACert = File.ReadAllBytes(CaFile),
        ClientCert = withClientCertificate ? File.ReadAllBytes(ClientCertFile) : null,
        ClientPrivateKey = withClientCertificate ? File.ReadAllBytes(ClientKeyFile) : null,
    };

    /// <summary>The client certificate with its key, for an HttpClient (the web UI over mTLS).</summary>
    public X509Certificate2 ClientCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(ClientCertFile, ClientKeyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>An HTTP handler that trusts only this CA and, when asked, presents the client certificate.</summary>
    public HttpClientHandler HttpHandler(bool withClientCertificate = true)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(CaFile));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        if (withClientCertificate)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(ClientCertificate());
        }
        return handler;
    }

    private static void Issue(X509Certificate2 ca, string subject, SubjectAlternativeNameBuilder names, Oid usage, string certFile, string keyFile)
    {
        var now = DateTimeOffset.UtcNow;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var certificate = request.Create(ca, now.AddMinutes(-30), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

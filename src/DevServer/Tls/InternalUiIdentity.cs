using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Release.DevServer.Tls;

/// <summary>
/// How the web UI, an SDK client of this server, gets through the server's own TLS and mTLS without
/// the user's CA keys: at start the server makes an in-memory CA and one certificate from it for a
/// private name. A connection asking for that name (SNI) is served that certificate, and a client
/// certificate from that CA is accepted. The CA's key never leaves the process, so no one else can
/// hold such a certificate.
/// </summary>
internal sealed class InternalUiIdentity : IDisposable
{
    public const string ServerName = "web-ui.dev-server.internal";

    private InternalUiIdentity(X509Certificate2 ca, X509Certificate2 certificate, string certificatePem, string keyPem)
    {
        Ca = ca;
        Certificate = certificate;
        CertificatePem = certificatePem;
        KeyPem = keyPem;
    }

    public X509Certificate2 Ca { get; }

    /// <summary>Both the server certificate for <see cref="ServerName"/> and the UI's client certificate.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public static InternalUiIdentity Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Release dev server web UI CA (in memory)", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={ServerName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServerName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = request.Create(ca, now.AddHours(-1), now.AddYears(9), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new InternalUiIdentity(
            X509CertificateLoader.LoadCertificate(ca.RawData), certificate, issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Ca.Dispose();
        Certificate.Dispose();
    }
}

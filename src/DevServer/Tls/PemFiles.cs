using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Release.DevServer.Tls;

/// <summary>
/// Reads the PEM files named on the command line, turning every way a file can be wrong (missing, a
/// folder, unreadable, empty, not PEM, a key that does not match) into one line naming the flag.
/// </summary>
internal static class PemFiles
{
    public static string ReadText(string flag, string path)
    {
        if (Directory.Exists(path))
        {
            throw new DevServerTlsException($"{flag} '{path}' is a folder; give a PEM file.");
        }
        if (!File.Exists(path))
        {
            throw new DevServerTlsException($"{flag} '{path}' does not exist; give a PEM file.");
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DevServerTlsException($"{flag} '{path}' cannot be read ({Reason(e)}); check its permissions.", e);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DevServerTlsException($"{flag} '{path}' is empty; give a PEM file.");
        }
        return text;
    }

    /// <summary>Every certificate in the file, in order; at least one.</summary>
    public static X509Certificate2Collection Certificates(string flag, string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(ReadText(flag, path));
        }
        catch (CryptographicException e)
        {
            throw new DevServerTlsException($"{flag} '{path}' holds a certificate that cannot be read ({Reason(e)}).", e);
        }
        if (certificates.Count == 0)
        {
            throw new DevServerTlsException($"{flag} '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return certificates;
    }

    /// <summary>The first certificate of the cert file with the key of the key file; the rest of the cert file is its chain.</summary>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain) CertificateWithKey(string certFlag, string certPath, string keyFlag, string keyPath)
    {
        var certificates = Certificates(certFlag, certPath);
        var keyText = ReadText(keyFlag, keyPath);
        var leaf = certificates[0];
        certificates.RemoveAt(0);
        try
        {
            using var withKey = X509Certificate2.CreateFromPem(leaf.ExportCertificatePem(), keyText);
            // A key imported from PEM is ephemeral; a PKCS#12 round trip gives one TLS can use on every platform.
            return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null), certificates);
        }
        catch (ArgumentException e)
        {
            throw new DevServerTlsException($"{keyFlag} '{keyPath}' is not the private key of the certificate in {certFlag} '{certPath}'; give the key that matches it.", e);
        }
        catch (CryptographicException e)
        {
            throw new DevServerTlsException($"{keyFlag} '{keyPath}' holds no private key that can be read ({Reason(e)}); give a PEM private key.", e);
        }
        finally
        {
            leaf.Dispose();
        }
    }

    private static string Reason(Exception e) => e.Message.Split('\n')[0].Trim().TrimEnd('.');
}

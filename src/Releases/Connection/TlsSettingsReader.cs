using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Release.Logging.Configuration;
using Temporalio.Client;

namespace Release.Releases.Connection;

/// <summary>
/// TLS towards Temporal, as Temporal's environment configuration names it: a client certificate
/// and key for mTLS, a server CA, a server name; each as a file path or inline PEM data. The PEM
/// is checked at start so a bad file fails with its setting's name, not at the first RPC.
/// </summary>
internal static class TlsSettingsReader
{
    public static TlsOptions? Read(SettingReader reader, bool hasApiKey)
    {
        if (reader.Bool("Temporal:Tls:DisableHostVerification") == true)
        {
            throw new SettingException(reader.Name("Temporal:Tls:DisableHostVerification"), "is not supported by the .NET SDK; set TEMPORAL_TLS_SERVER_NAME or a server CA instead.");
        }

        var cert = Pem(reader, "Temporal:Tls:ClientCertPath", "Temporal:Tls:ClientCertData");
        var key = Pem(reader, "Temporal:Tls:ClientKeyPath", "Temporal:Tls:ClientKeyData");
        var ca = Pem(reader, "Temporal:Tls:ServerCaCertPath", "Temporal:Tls:ServerCaCertData");
        var serverName = reader.String("Temporal:Tls:ServerName");
        var anyTls = cert is not null || key is not null || ca is not null || serverName is not null;
        var enabled = reader.Bool("Temporal:Tls:Enabled");
        if (enabled == false)
        {
            if (anyTls)
            {
                throw new SettingException(reader.Name("Temporal:Tls:Enabled"), "is false, but TLS certificates or a server name are set; remove one or the other.");
            }

            return null;
        }

        if (enabled != true && !anyTls && !hasApiKey)
        {
            return null;
        }

        if ((cert is null) != (key is null))
        {
            var missing = cert is null ? "Temporal:Tls:ClientCertPath" : "Temporal:Tls:ClientKeyPath";
            throw new SettingException(reader.Name(missing), "is not set; a client certificate needs its private key and the other way round.");
        }

        if (cert is not null)
        {
            CheckClientPair(reader, cert, key!);
        }

        if (ca is not null)
        {
            CheckCa(reader, ca);
        }

        return new TlsOptions
        {
            ClientCert = cert is null ? null : Encoding.UTF8.GetBytes(cert),
            ClientPrivateKey = key is null ? null : Encoding.UTF8.GetBytes(key),
            ServerRootCACert = ca is null ? null : Encoding.UTF8.GetBytes(ca),
            Domain = serverName,
        };
    }

    private static string? Pem(SettingReader reader, string pathKey, string dataKey)
    {
        var data = reader.String(dataKey);
        if (reader.String(pathKey) is not null && data is not null)
        {
            throw new SettingException(reader.Name(pathKey), $"and {reader.Name(dataKey)} are both set; set only one.");
        }

        // A folder, or a file that exists but cannot be read, is one line naming the setting (the
        // same wording as the worker's other files), never an unhandled exception.
        return reader.FileText(pathKey) ?? data;
    }

    private static void CheckClientPair(SettingReader reader, string cert, string key)
    {
        try
        {
            using var pair = X509Certificate2.CreateFromPem(cert, key);
        }
        catch (CryptographicException e)
        {
            throw new SettingException(
                reader.Name("Temporal:Tls:ClientCertPath"),
                $"and {reader.Name("Temporal:Tls:ClientKeyPath")} do not hold a PEM certificate and its private key ({e.Message.TrimEnd('.')}).");
        }
    }

    private static void CheckCa(SettingReader reader, string ca)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(ca);
        }
        catch (CryptographicException)
        {
            certificates.Clear();
        }

        if (certificates.Count == 0)
        {
            throw new SettingException(reader.Name("Temporal:Tls:ServerCaCertPath"), "does not hold a PEM certificate.");
        }

        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}

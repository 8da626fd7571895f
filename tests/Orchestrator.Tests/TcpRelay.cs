using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Tests;

/// <summary>
/// A TCP relay in front of a server, which a test can cut (every connection dropped, new ones
/// closed at once, as when the server is down), stall (new connections accepted but never
/// answered, as when it is overloaded) and restore, without touching the server.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string target;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly List<TcpClient> open = [];
    private readonly Task accepting;
    private bool cut;
    private bool stalled;

    public TcpRelay(string targetHostPort)
    {
        target = targetHostPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>host:port to connect to instead of the target.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    public void Cut() => Break(stall: false);

    public void Stall() => Break(stall: true);

    /// <summary>Back to relaying; connections held by a stall are dropped, so clients reconnect.</summary>
    public void Restore()
    {
        Break(stall: false);
        lock (gate)
        {
            cut = false;
        }
    }

    private void Break(bool stall)
    {
        lock (gate)
        {
            cut = !stall;
            stalled = stall;
            foreach (var client in open)
            {
                client.Dispose();
            }

            open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        Cut();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (gate)
        {
            if (cut)
            {
                inbound.Dispose();
                outbound.Dispose();
                return;
            }

            open.Add(inbound);
            open.Add(outbound);
            if (stalled)
            {
                // Held open and never answered, until a cut or a restore drops it.
                return;
            }
        }

        try
        {
            var colon = target.LastIndexOf(':');
            await outbound.ConnectAsync(target[..colon], int.Parse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), stop.Token);
            var up = inbound.GetStream().CopyToAsync(outbound.GetStream(), stop.Token);
            var down = outbound.GetStream().CopyToAsync(inbound.GetStream(), stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // A cut or a closed side: the other side is closed below.
        }
        finally
        {
            lock (gate)
            {
                open.Remove(inbound);
                open.Remove(outbound);
            }

            inbound.Dispose();
            outbound.Dispose();
        }
    }
}

using Microsoft.Extensions.Hosting;
using Release.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.AddReleaseWorker();
await builder.Build().RunAsync();

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));

app.Run();

/// <summary>The app's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

using System;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Sdk;

namespace Declarative.Runtime.Tests;

/// <summary>
/// The gallery's generated code is committed under samples/Gallery/Generated, so that pull requests show it. Each
/// build writes the current text under samples/Gallery/obj/generated; this test fails when the two differ.
/// Accept the current text with DECLARATIVE_ACCEPT_SNAPSHOTS=1, as for snapshots.
/// </summary>
public class GeneratedCodeTests
{
    [Fact]
    public void Committed_generated_code_of_the_gallery_is_current()
    {
        string gallery = Path.Combine(RepositoryRoot(), "samples", "Gallery");
        string committedFolder = Path.Combine(gallery, "Generated");
        string builtFolder = Path.Combine(gallery, "obj", "generated", "Declarative.Generator", "Declarative.Generator.DeclarativeGenerator");
        Assert.True(Directory.Exists(builtFolder), $"{builtFolder} does not exist: build the gallery first");

        var built = Directory.GetFiles(builtFolder, "*.g.cs").ToDictionary(path => Path.GetFileName(path), File.ReadAllText);
        var committed = Directory.Exists(committedFolder)
            ? Directory.GetFiles(committedFolder, "*.g.cs").ToDictionary(path => Path.GetFileName(path), File.ReadAllText)
            : new();

        if (Environment.GetEnvironmentVariable("DECLARATIVE_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(committedFolder);
            foreach (var stale in committed.Keys.Except(built.Keys))
                File.Delete(Path.Combine(committedFolder, stale));
            foreach (var (name, text) in built)
                File.WriteAllText(Path.Combine(committedFolder, name), text);
            return;
        }

        var missing = built.Keys.Except(committed.Keys).ToList();
        var extra = committed.Keys.Except(built.Keys).ToList();
        var changed = built.Keys.Intersect(committed.Keys).Where(name => built[name] != committed[name]).ToList();
        if (missing.Count + extra.Count + changed.Count > 0)
        {
            throw new XunitException(
                "samples/Gallery/Generated is stale; run `DECLARATIVE_ACCEPT_SNAPSHOTS=1 dotnet test --filter Committed_generated_code` and commit it.\n" +
                (missing.Count > 0 ? $"not committed: {string.Join(", ", missing)}\n" : "") +
                (extra.Count > 0 ? $"no longer generated: {string.Join(", ", extra)}\n" : "") +
                string.Join("\n", changed.Select(name => $"changed: {name}")));
        }
        Assert.NotEmpty(built);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Declarative.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Declarative.sln not found above " + AppContext.BaseDirectory);
    }
}

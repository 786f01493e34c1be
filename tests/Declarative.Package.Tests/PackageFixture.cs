using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Declarative.Package.Tests;

/// <summary>
/// One pack of the repository and one restored consumer project for every test of this assembly: the tests run one
/// after another in <see cref="PackageCollection"/>, each giving the consumer its own source files. Offline: the
/// consumer's feeds are the folder the package was packed into and NuGet's global packages folder.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        string feed = Path.Combine(Work, "feed");
        Directory.CreateDirectory(ConsumerDirectory);

        var pack = DotNet.Run(DotNet.RepositoryRoot(), "pack", "src/Runtime", "-c", "Release", "-o", feed,
            $"-p:Version={Version}", "--disable-build-servers", "-nodeReuse:false");
        Assert.True(pack.ExitCode == 0, pack.Output);

        // The consumer stands alone: no Directory.Build.* of the repository above the temporary folder.
        File.WriteAllText(Path.Combine(Work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Work, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(Work, "Directory.Packages.props"), "<Project />");
        // The version is written into the project, not passed with -p: dotnet format and language servers load the
        // project as it is on disk. The sources are listed in Sources.props, in the order a test chooses.
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <Import Project="Sources.props" />
              <ItemGroup>
                <PackageReference Include="Declarative" Version="{Version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(ConsumerDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="global-packages" value="{DotNet.GlobalPackagesFolder()}" />
              </packageSources>
            </configuration>
            """);
        UseSources();

        var restore = DotNet.Run(ConsumerDirectory, "restore", "--disable-build-servers", "-nodeReuse:false");
        Assert.True(restore.ExitCode == 0, restore.Output);
    }

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "declarative-consumer-" + Guid.NewGuid().ToString("N"));

    public string ConsumerDirectory => Path.Combine(Work, "consumer");

    public string Version { get; }

    /// <summary>Replaces the consumer's sources with these files, compiled in this order.</summary>
    public void UseSources(params (string Name, string Text)[] files)
    {
        foreach (var old in Directory.GetFiles(ConsumerDirectory, "*.cs"))
            File.Delete(old);
        foreach (var (name, text) in files)
            File.WriteAllText(Path.Combine(ConsumerDirectory, name), text);
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Sources.props"),
            "<Project>\n  <ItemGroup>\n" + string.Concat(files.Select(f => $"    <Compile Include=\"{f.Name}\" />\n")) + "  </ItemGroup>\n</Project>\n");
    }

    /// <summary>Builds the consumer as it is (restored once, by the fixture).</summary>
    public (int ExitCode, string Output) Build()
        => DotNet.Run(ConsumerDirectory, "build", "--no-restore", "--disable-build-servers", "-nodeReuse:false");

    /// <summary>A file of this test project's Consumer folder: the consumer's sources, before and after fixes.</summary>
    public static string ConsumerFile(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Consumer", name));

    public void Dispose()
    {
        if (Directory.Exists(Work))
            Directory.Delete(Work, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "The packed package";
}

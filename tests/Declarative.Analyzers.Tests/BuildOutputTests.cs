using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Xunit;

namespace Declarative.Analyzers.Tests;

/// <summary>
/// In a user's project, the analyzers' errors reach <c>dotnet build</c>'s output with file, line and column, and fail
/// the build. Builds a throwaway project that references the runtime, the generator and the analyzers as a user's
/// project does (packages come from the local cache that restoring this repository filled: no network).
/// </summary>
public class BuildOutputTests
{
    private static string RepositoryRoot() => Infrastructure.Repository.Root;

    [Fact]
    public async Task A_shape_error_fails_dotnet_build_with_file_line_and_message()
    {
        string root = RepositoryRoot();
        string project = Path.Combine(Path.GetTempPath(), "declarative-build-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(project);
        try
        {
            File.WriteAllText(Path.Combine(project, "UserProject.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="TorchSharp" Version="0.107.0" />
                    <ProjectReference Include="{root}/src/Runtime/Declarative.Runtime.csproj" />
                    <ProjectReference Include="{root}/src/Generator/Declarative.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                    <ProjectReference Include="{root}/src/Analyzers/Declarative.Analyzers/Declarative.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "Model.cs"), """
                using Declarative;
                using TorchSharp;
                using TorchSharp.Modules;
                using static TorchSharp.torch;
                using static TorchSharp.torch.nn;

                public partial class LanguageModel : Module<Tensor, Tensor>
                {
                    [Shared("vocab", Member = "weight")] private readonly Embedding embed;
                    [Shared("vocab", Member = "weight")] private readonly Linear head;

                    public LanguageModel(long vocab, long dim) : base(nameof(LanguageModel))
                    {
                        embed = Embedding(vocab, dim);
                        head = Linear(vocab, dim, hasBias: false);
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
                }
                """);

            var start = new ProcessStartInfo("dotnet", "build -nodeReuse:false --disable-build-servers -clp:NoSummary")
            {
                WorkingDirectory = project,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var build = Process.Start(start)!;
            var error = build.StandardError.ReadToEndAsync();
            string output = await build.StandardOutput.ReadToEndAsync();
            await build.WaitForExitAsync();
            output += await error;

            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains(
                Path.Combine(project, "Model.cs") + "(10,6): error DECL001: 'head.weight' is [dim, vocab] but 'embed.weight', owner of shared group 'vocab', is [vocab, dim]",
                output);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}

using System;
using System.IO;
using System.Text;

// MSBuild inline task (see TorchSharpNativeFix.targets): marks one symbol-version requirement of an ELF64
// shared library weak, so that the dynamic loader tolerates a libstdc++ that lacks that version.
public class MarkGlibcxxRequirementWeak : Microsoft.Build.Utilities.Task
{
    private const uint SectionTypeVersionNeeds = 0x6ffffffe; // SHT_GNU_verneed (.gnu.version_r)
    private const ushort VersionFlagWeak = 0x2;              // VER_FLG_WEAK
    private const string NeededLibrary = "libstdc++.so.6";

    private static readonly string[] LibstdcxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] LibraryPaths { get; set; }

    [Microsoft.Build.Framework.Required]
    public string MissingVersion { get; set; }

    public override bool Execute()
    {
        string libstdcxx = Array.Find(LibstdcxxCandidates, File.Exists);
        if (libstdcxx == null)
        {
            Log.LogMessage("No system libstdc++ found; TorchSharp's native library is left as shipped.");
            return true;
        }
        if (Contains(File.ReadAllBytes(libstdcxx), Encoding.ASCII.GetBytes(MissingVersion + "\0")))
        {
            Log.LogMessage("{0} provides {1}; TorchSharp's native library is left as shipped.", libstdcxx, MissingVersion);
            return true;
        }

        foreach (var item in LibraryPaths)
        {
            string path = item.ItemSpec;
            byte[] image = File.ReadAllBytes(path);
            string outcome = MarkWeak(image);
            if (outcome == null)
            {
                File.WriteAllBytes(path, image);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    "Declarative: marked {0} weak in {1}, because {2} lacks it.", MissingVersion, path, libstdcxx);
            }
            else
            {
                Log.LogMessage("Declarative: {0}: {1}", path, outcome);
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Sets the weak flag in memory; returns null when the image changed, else why it did not.</summary>
    private string MarkWeak(byte[] image)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[4] != 2 || image[5] != 1)
            return "not a little-endian ELF64 file";

        long sectionTable = BitConverter.ToInt64(image, 0x28);
        int sectionSize = BitConverter.ToUInt16(image, 0x3A);
        int sectionCount = BitConverter.ToUInt16(image, 0x3C);

        for (int i = 0; i < sectionCount; i++)
        {
            long header = sectionTable + (long)i * sectionSize;
            if (BitConverter.ToUInt32(image, (int)header + 4) != SectionTypeVersionNeeds)
                continue;

            long needs = BitConverter.ToInt64(image, (int)header + 0x18);
            int stringTableIndex = (int)BitConverter.ToUInt32(image, (int)header + 0x28);
            int needCount = (int)BitConverter.ToUInt32(image, (int)header + 0x2C);
            long stringTableHeader = sectionTable + (long)stringTableIndex * sectionSize;
            long strings = BitConverter.ToInt64(image, (int)stringTableHeader + 0x18);

            long need = needs;
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(image, (int)need + 2);
                string file = ReadString(image, strings + BitConverter.ToUInt32(image, (int)need + 4));
                long aux = need + BitConverter.ToUInt32(image, (int)need + 8);
                for (int a = 0; a < auxCount && file == NeededLibrary; a++)
                {
                    string version = ReadString(image, strings + BitConverter.ToUInt32(image, (int)aux + 8));
                    if (version == MissingVersion)
                    {
                        ushort flags = BitConverter.ToUInt16(image, (int)aux + 4);
                        if ((flags & VersionFlagWeak) != 0)
                            return "already patched";
                        BitConverter.GetBytes((ushort)(flags | VersionFlagWeak)).CopyTo(image, (int)aux + 4);
                        return null;
                    }
                    aux += BitConverter.ToUInt32(image, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(image, (int)need + 12);
            }
        }
        return "no requirement on " + MissingVersion + " to patch";
    }

    private static string ReadString(byte[] image, long offset)
    {
        int end = (int)offset;
        while (image[end] != 0) end++;
        return Encoding.ASCII.GetString(image, (int)offset, end - (int)offset);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}

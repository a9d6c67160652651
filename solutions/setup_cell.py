# @title Preparación del taller: ejecute esta celda primero
# Template of every student notebook's first cell. The build appends the call with the workshop's
# settings: its name, its notebook, the course URL its bundle is published at, the support files
# the notebook reads and the packages it imports, each with its pinned requirement.
def _preparar_taller(taller):
    """Trae lo que falte para trabajar en este cuaderno (otter-grader, los datos, las
    verificaciones) y no hace nada, ni imprime nada, si ya está todo."""
    import importlib
    import importlib.metadata
    import importlib.util
    import os
    import subprocess
    import sys
    import tempfile
    import urllib.request
    import zipfile
    from pathlib import PurePosixPath

    class PreparacionIncompleta(Exception):
        """Se muestra como un mensaje, sin traza: IPython llama a ``_render_traceback_``."""

        def _render_traceback_(self):
            return [str(self)]

    en_colab = "google.colab" in sys.modules
    descargar_carpeta = (f"descargue la carpeta del taller ({taller['nombre']}-estudiante.zip) desde la página "
                         "del curso, descomprímala y abra este cuaderno desde ella")
    archivos = list(taller["archivos"]) + ([taller["cuaderno"]] if en_colab else [])
    faltan_archivos = [nombre for nombre in archivos if not os.path.exists(nombre)]
    faltan_paquetes = [(modulo, requisito) for modulo, requisito in taller["paquetes"]
                       if importlib.util.find_spec(modulo) is None]
    sin_instalar = [requisito for modulo, requisito in faltan_paquetes if modulo in taller["no_instalar"]]
    if sin_instalar:
        raise PreparacionIncompleta(
            f"Este cuaderno necesita {', '.join(sin_instalar)}, que esta celda no instala para no cambiar su "
            "entorno: instálelos (pip install -r requirements.txt), reinicie el kernel y vuelva a ejecutarla.")
    if not faltan_archivos and not faltan_paquetes:
        return
    faltantes = [requisito.split("==")[0] for _, requisito in faltan_paquetes] + faltan_archivos
    print(f"Faltan {', '.join(faltantes)}: se traen ahora…", end=" ", flush=True)

    if faltan_archivos:
        if not taller["url"]:
            raise PreparacionIncompleta(f"Faltan {', '.join(faltan_archivos)}: {descargar_carpeta}.")
        url = f"{taller['url']}/{taller['nombre']}/{taller['nombre']}-estudiante.zip"
        try:
            with tempfile.TemporaryFile() as copia:
                with urllib.request.urlopen(url, timeout=30) as respuesta:
                    copia.write(respuesta.read())
                with zipfile.ZipFile(copia) as paquete:
                    for miembro in paquete.infolist():
                        partes = PurePosixPath(miembro.filename).parts[1:]  # sin la carpeta del taller
                        destino = os.path.join(*partes) if partes else ""
                        if (miembro.is_dir() or not partes or ".." in partes or os.path.exists(destino)
                                or (destino == taller["cuaderno"] and not en_colab)):
                            continue
                        os.makedirs(os.path.dirname(destino) or ".", exist_ok=True)
                        with paquete.open(miembro) as origen, open(destino, "wb") as archivo:
                            archivo.write(origen.read())
        except (OSError, zipfile.BadZipFile, ValueError) as error:
            motivo = f"HTTP {error.code}" if getattr(error, "code", None) else getattr(error, "reason", None) or error
            raise PreparacionIncompleta(
                f"\nNo se pudieron descargar los archivos del taller desde {url} ({motivo}). Revise su "
                f"conexión y vuelva a ejecutar esta celda, o {descargar_carpeta}.") from None
        siguen_faltando = [nombre for nombre in archivos if not os.path.exists(nombre)]
        if siguen_faltando:
            raise PreparacionIncompleta(
                f"\nEl paquete de {url} no trae {', '.join(siguen_faltando)}: {descargar_carpeta}.")

    if faltan_paquetes:
        # TensorFlow y Keras se piden en la versión que ya tienen: pip los deja como están y
        # elige lo demás de modo que sigan funcionando.
        distribuciones = importlib.metadata.packages_distributions()
        fijos = sorted({f"{nombre}=={importlib.metadata.version(nombre)}" for modulo in taller["no_instalar"]
                        for nombre in distribuciones.get(modulo, [])})
        instalacion = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             *[requisito for _, requisito in faltan_paquetes], *fijos],
            capture_output=True, text=True)
        importlib.invalidate_caches()
        if instalacion.returncode != 0:
            ultima = (instalacion.stderr.strip().splitlines() or ["pip falló"])[-1]
            requisitos = " ".join(requisito for _, requisito in faltan_paquetes)
            raise PreparacionIncompleta(
                f"\nNo se pudo instalar {requisitos} sin cambiar su TensorFlow ni su Keras ({ultima}). "
                f"Revise su conexión, o instálelo usted (pip install {requisitos}) y vuelva a ejecutar esta celda.")
        if any(importlib.util.find_spec(modulo) is None for modulo, _ in faltan_paquetes):
            raise PreparacionIncompleta(
                "\nQuedó instalado, pero este kernel aún no lo ve: reinicie el kernel y vuelva a ejecutar esta celda.")
    print("listo." + (" En Colab, entregue el cuaderno descargado (Archivo → Descargar → .ipynb)." if en_colab else ""))

"""Recognizers, one file each; every concrete `Detector` subclass defined here is found by discovery."""

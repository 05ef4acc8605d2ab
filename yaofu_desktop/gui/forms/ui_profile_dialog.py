# source-crc32: 2bb88ed5-9698
SOURCE_CRC32 = "2bb88ed5-9698"
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'profile_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QCheckBox, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget)

class Ui_ProfileDialog(object):
    def setupUi(self, ProfileDialog):
        if not ProfileDialog.objectName():
            ProfileDialog.setObjectName(u"ProfileDialog")
        ProfileDialog.resize(560, 600)
        self.mainLayout = QVBoxLayout(ProfileDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(ProfileDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setLabelAlignment(Qt.AlignRight|Qt.AlignTrailing|Qt.AlignVCenter)
        self.formLayout.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.governmentLabel = QLabel(ProfileDialog)
        self.governmentLabel.setObjectName(u"governmentLabel")
        self.governmentLabel.setTextFormat(Qt.RichText)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.governmentLabel)

        self.governmentEdit = QLineEdit(ProfileDialog)
        self.governmentEdit.setObjectName(u"governmentEdit")
        self.governmentEdit.setMaxLength(100)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.governmentEdit)

        self.townshipLabel = QLabel(ProfileDialog)
        self.townshipLabel.setObjectName(u"townshipLabel")
        self.townshipLabel.setTextFormat(Qt.RichText)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.townshipLabel)

        self.townshipEdit = QLineEdit(ProfileDialog)
        self.townshipEdit.setObjectName(u"townshipEdit")
        self.townshipEdit.setMaxLength(100)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.townshipEdit)

        self.countyLabel = QLabel(ProfileDialog)
        self.countyLabel.setObjectName(u"countyLabel")
        self.countyLabel.setTextFormat(Qt.RichText)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.countyLabel)

        self.countyEdit = QLineEdit(ProfileDialog)
        self.countyEdit.setObjectName(u"countyEdit")
        self.countyEdit.setMaxLength(100)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.countyEdit)

        self.reportYearLabel = QLabel(ProfileDialog)
        self.reportYearLabel.setObjectName(u"reportYearLabel")
        self.reportYearLabel.setTextFormat(Qt.RichText)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.reportYearLabel)

        self.reportYearSpin = QSpinBox(ProfileDialog)
        self.reportYearSpin.setObjectName(u"reportYearSpin")
        self.reportYearSpin.setMinimum(1990)
        self.reportYearSpin.setMaximum(2099)
        self.reportYearSpin.setValue(2025)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.reportYearSpin)

        self.leadersLabel = QLabel(ProfileDialog)
        self.leadersLabel.setObjectName(u"leadersLabel")
        self.leadersLabel.setTextFormat(Qt.RichText)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.leadersLabel)

        self.leadersEdit = QLineEdit(ProfileDialog)
        self.leadersEdit.setObjectName(u"leadersEdit")
        self.leadersEdit.setMaxLength(100)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.leadersEdit)

        self.addresseeLabel = QLabel(ProfileDialog)
        self.addresseeLabel.setObjectName(u"addresseeLabel")
        self.addresseeLabel.setTextFormat(Qt.RichText)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.addresseeLabel)

        self.addresseeEdit = QLineEdit(ProfileDialog)
        self.addresseeEdit.setObjectName(u"addresseeEdit")
        self.addresseeEdit.setMaxLength(100)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.addresseeEdit)

        self.copyToLabel = QLabel(ProfileDialog)
        self.copyToLabel.setObjectName(u"copyToLabel")
        self.copyToLabel.setTextFormat(Qt.RichText)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.copyToLabel)

        self.copyToLayout = QHBoxLayout()
        self.copyToLayout.setObjectName(u"copyToLayout")
        self.copyToEdit = QLineEdit(ProfileDialog)
        self.copyToEdit.setObjectName(u"copyToEdit")
        self.copyToEdit.setMaxLength(100)

        self.copyToLayout.addWidget(self.copyToEdit)

        self.noCopyToCheck = QCheckBox(ProfileDialog)
        self.noCopyToCheck.setObjectName(u"noCopyToCheck")

        self.copyToLayout.addWidget(self.noCopyToCheck)


        self.formLayout.setLayout(6, QFormLayout.ItemRole.FieldRole, self.copyToLayout)

        self.operatorLabel = QLabel(ProfileDialog)
        self.operatorLabel.setObjectName(u"operatorLabel")
        self.operatorLabel.setTextFormat(Qt.RichText)

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.operatorLabel)

        self.operatorEdit = QLineEdit(ProfileDialog)
        self.operatorEdit.setObjectName(u"operatorEdit")
        self.operatorEdit.setMaxLength(100)

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.operatorEdit)

        self.villagesLabel = QLabel(ProfileDialog)
        self.villagesLabel.setObjectName(u"villagesLabel")
        self.villagesLabel.setAlignment(Qt.AlignRight|Qt.AlignTop|Qt.AlignTrailing)

        self.formLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.villagesLabel)

        self.villagesLayout = QVBoxLayout()
        self.villagesLayout.setObjectName(u"villagesLayout")
        self.villagesEdit = QPlainTextEdit(ProfileDialog)
        self.villagesEdit.setObjectName(u"villagesEdit")
        self.villagesEdit.setTabChangesFocus(True)

        self.villagesLayout.addWidget(self.villagesEdit)

        self.villagesHint = QLabel(ProfileDialog)
        self.villagesHint.setObjectName(u"villagesHint")
        self.villagesHint.setWordWrap(True)
        self.villagesHint.setStyleSheet(u"color: #666;")

        self.villagesLayout.addWidget(self.villagesHint)


        self.formLayout.setLayout(8, QFormLayout.ItemRole.FieldRole, self.villagesLayout)


        self.mainLayout.addLayout(self.formLayout)

        self.issueDateHint = QLabel(ProfileDialog)
        self.issueDateHint.setObjectName(u"issueDateHint")
        self.issueDateHint.setWordWrap(True)
        self.issueDateHint.setStyleSheet(u"color: #666;")

        self.mainLayout.addWidget(self.issueDateHint)

        self.pathLabel = QLabel(ProfileDialog)
        self.pathLabel.setObjectName(u"pathLabel")
        self.pathLabel.setWordWrap(True)
        self.pathLabel.setStyleSheet(u"color: #666;")
        self.pathLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.mainLayout.addWidget(self.pathLabel)

        self.errorLabel = QLabel(ProfileDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(u"color: #c62828;")

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(ProfileDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.governmentLabel.setBuddy(self.governmentEdit)
        self.townshipLabel.setBuddy(self.townshipEdit)
        self.countyLabel.setBuddy(self.countyEdit)
        self.reportYearLabel.setBuddy(self.reportYearSpin)
        self.leadersLabel.setBuddy(self.leadersEdit)
        self.addresseeLabel.setBuddy(self.addresseeEdit)
        self.copyToLabel.setBuddy(self.copyToEdit)
        self.operatorLabel.setBuddy(self.operatorEdit)
        self.villagesLabel.setBuddy(self.villagesEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.governmentEdit, self.townshipEdit)
        QWidget.setTabOrder(self.townshipEdit, self.countyEdit)
        QWidget.setTabOrder(self.countyEdit, self.reportYearSpin)
        QWidget.setTabOrder(self.reportYearSpin, self.leadersEdit)
        QWidget.setTabOrder(self.leadersEdit, self.addresseeEdit)
        QWidget.setTabOrder(self.addresseeEdit, self.copyToEdit)
        QWidget.setTabOrder(self.copyToEdit, self.noCopyToCheck)
        QWidget.setTabOrder(self.noCopyToCheck, self.operatorEdit)
        QWidget.setTabOrder(self.operatorEdit, self.villagesEdit)

        self.retranslateUi(ProfileDialog)

        QMetaObject.connectSlotsByName(ProfileDialog)
    # setupUi

    def retranslateUi(self, ProfileDialog):
        ProfileDialog.setWindowTitle(QCoreApplication.translate("ProfileDialog", u"\u4e61\u9547\u6982\u51b5", None))
        self.introLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u8bf7\u586b\u5199\u672c\u4e61\u9547\u7684\u57fa\u672c\u60c5\u51b5\u3002\u8fd9\u4e9b\u5185\u5bb9\u7528\u4e8e\u7a97\u53e3\u6807\u9898\u548c\u5e74\u5ea6\u62a5\u544a\uff0c\u4ee5\u540e\u53ef\u4ee5\u5728\u201c\u6587\u4ef6 \u2192 \u4e61\u9547\u6982\u51b5\u201d\u4e2d\u4fee\u6539\u3002", None))
        self.governmentLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u653f\u5e9c\u540d\u79f0 <span style=\"color:#c62828\">*</span>", None))
        self.governmentEdit.setPlaceholderText(QCoreApplication.translate("ProfileDialog", u"\u5982\uff1a\u00d7\u00d7\u53bf\u00d7\u00d7\u9547\u4eba\u6c11\u653f\u5e9c\uff08\u7528\u4e8e\u62a5\u544a\u6807\u9898\u548c\u843d\u6b3e\uff09", None))
        self.townshipLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u4e61\u9547\u540d\u79f0 <span style=\"color:#c62828\">*</span>", None))
        self.townshipEdit.setPlaceholderText(QCoreApplication.translate("ProfileDialog", u"\u5982\uff1a\u00d7\u00d7\u9547", None))
        self.countyLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u53bf\uff08\u533a\uff09\u540d\u79f0", None))
        self.countyEdit.setPlaceholderText(QCoreApplication.translate("ProfileDialog", u"\u5982\uff1a\u00d7\u00d7\u53bf", None))
        self.reportYearLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u62a5\u544a\u5e74\u5ea6 <span style=\"color:#c62828\">*</span>", None))
        self.reportYearSpin.setSuffix(QCoreApplication.translate("ProfileDialog", u" \u5e74", None))
#if QT_CONFIG(tooltip)
        self.reportYearSpin.setToolTip(QCoreApplication.translate("ProfileDialog", u"\u5e74\u5ea6\u62a5\u544a\u6240\u5199\u7684\u5e74\u4efd\uff1b\u6253\u5f00\u8f6f\u4ef6\u65f6\u663e\u793a\u8fd9\u4e00\u5e74\u5ea6\u7684\u53f0\u8d26", None))
#endif // QT_CONFIG(tooltip)
        self.leadersLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u9886\u5bfc\u673a\u5173", None))
        self.leadersEdit.setPlaceholderText(QCoreApplication.translate("ProfileDialog", u"\u5982\uff1a\u53bf\u59d4\u3001\u53bf\u653f\u5e9c", None))
#if QT_CONFIG(tooltip)
        self.leadersEdit.setToolTip(QCoreApplication.translate("ProfileDialog", u"\u62a5\u544a\u5f00\u5934\u8bed\u4e2d\u201c\u5728\u2026\u2026\u7684\u9886\u5bfc\u4e0b\u201d\u6240\u5199\u7684\u673a\u5173\uff0c\u4e0e\u4e3b\u9001\u673a\u5173\u5206\u5f00\u586b\u5199", None))
#endif // QT_CONFIG(tooltip)
        self.addresseeLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u4e3b\u9001\u673a\u5173", None))
        self.addresseeEdit.setPlaceholderText(QCoreApplication.translate("ProfileDialog", u"\u5982\uff1a\u53bf\u59d4\u3001\u53bf\u653f\u5e9c", None))
        self.copyToLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u6284\u9001\u673a\u5173", None))
        self.copyToEdit.setPlaceholderText(QCoreApplication.translate("ProfileDialog", u"\u5982\uff1a\u53bf\u59d4\u4f9d\u6cd5\u6cbb\u53bf\u529e\uff08\u6ca1\u6709\u7684\uff0c\u52fe\u9009\u201c\u65e0\u6284\u9001\u673a\u5173\u201d\uff09", None))
#if QT_CONFIG(tooltip)
        self.copyToEdit.setToolTip(QCoreApplication.translate("ProfileDialog", u"\u62a5\u544a\u672b\u9875\u201c\u6284\u9001\u201d\u4e00\u884c\u6240\u5199\u7684\u673a\u5173\uff1b\u6ca1\u6709\u6284\u9001\u673a\u5173\u7684\uff0c\u52fe\u9009\u53f3\u8fb9\u7684\u201c\u65e0\u6284\u9001\u673a\u5173\u201d\uff08\u6216\u586b\u201c\u65e0\u201d\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.noCopyToCheck.setText(QCoreApplication.translate("ProfileDialog", u"\u65e0\u6284\u9001\u673a\u5173", None))
#if QT_CONFIG(tooltip)
        self.noCopyToCheck.setToolTip(QCoreApplication.translate("ProfileDialog", u"\u52fe\u9009\uff1a\u62a5\u544a\u4e0d\u5370\u201c\u6284\u9001\u201d\u4e00\u884c", None))
#endif // QT_CONFIG(tooltip)
        self.operatorLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u586b\u62a5\u4eba", None))
        self.operatorEdit.setPlaceholderText(QCoreApplication.translate("ProfileDialog", u"\u586b\u5199\u53f0\u8d26\u7684\u5de5\u4f5c\u4eba\u5458\u59d3\u540d", None))
        self.villagesLabel.setText(QCoreApplication.translate("ProfileDialog", u"\u6751\uff08\u793e\u533a\uff09", None))
        self.villagesEdit.setPlaceholderText(QCoreApplication.translate("ProfileDialog", u"\u6bcf\u884c\u4e00\u4e2a\uff0c\u5982\uff1a\n"
"\u00d7\u00d7\u6751\n"
"\u00d7\u00d7\u6751\n"
"\u00d7\u00d7\u793e\u533a", None))
        self.villagesHint.setText(QCoreApplication.translate("ProfileDialog", u"\u6bcf\u884c\u586b\u5199\u4e00\u4e2a\u6751\uff08\u793e\u533a\uff09\u3002\u4ee5\u540e\u4e5f\u53ef\u4ee5\u5728\u586b\u5199\u53f0\u8d26\u65f6\u6dfb\u52a0\u3002", None))
        self.issueDateHint.setText(QCoreApplication.translate("ProfileDialog", u"\u62a5\u544a\u7684\u6210\u6587\u65e5\u671f\u6bcf\u5e74\u5728\u201c\u62a5\u544a\u201d\u9875\u4e0a\u65b9\u9009\u62e9\uff0c\u8f6f\u4ef6\u4e0d\u4f1a\u81ea\u52a8\u586b\u5199\u3002", None))
    # retranslateUi

